import type { Integration, Language } from '@icr/plugin-incoming-call-common';
import twilio from 'twilio';
import { CONFIRM_PROMPT, PROMPTS, spokenNumber, VOICES } from './prompts';
import type { TwilioUrls } from './TwilioUrls';

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;

/**
 * Everything a degraded call needs, carried in its (signed) webhook URLs
 * so that any replica can go on with it without the database: the
 * caller's leg, who called which number, the team's language and name, the
 * responders to ring in order (user refs and phones), the ring timeout and
 * whether voicemail follows.
 */
export interface DegradedCallState {
  call: string;
  from: string;
  to: string;
  language: Language;
  team: string;
  users: string[];
  phones: string[];
  ringSeconds: number;
  voicemail: boolean;
}

/** The state as URL parameters (and back, in `degradedStateFromQuery`). */
function query(state: DegradedCallState, extra: Record<string, string> = {}) {
  return new URLSearchParams({
    call: state.call,
    from: state.from,
    to: state.to,
    lang: state.language,
    team: state.team,
    u: state.users.join(','),
    n: state.phones.join(','),
    ring: String(state.ringSeconds),
    vm: state.voicemail ? '1' : '0',
    ...extra,
  }).toString();
}

/** The degraded routes' URLs, under the webhook root. */
export const degradedUrls = {
  dial: (urls: TwilioUrls, s: DegradedCallState, index: number) =>
    urls.webhook(`/degraded-dial?${query(s, { i: String(index) })}`),
  confirm: (urls: TwilioUrls, s: DegradedCallState, index: number) =>
    urls.webhook(`/degraded-confirm?${query(s, { i: String(index) })}`),
  confirmed: (urls: TwilioUrls, s: DegradedCallState, index: number) =>
    urls.webhook(
      `/degraded-confirm?${query(s, { i: String(index), step: 'key' })}`,
    ),
  voicemailDone: (urls: TwilioUrls, s: DegradedCallState) =>
    urls.webhook(`/degraded-voicemail-done?${query(s)}`),
  recording: (urls: TwilioUrls, s: DegradedCallState) =>
    urls.webhook(`/degraded-recording?${query(s)}`),
};

function say(response: VoiceResponse, language: Language, text: string) {
  response.say({ language, voice: VOICES[language] }, text);
}

/** Rings responder `index` alone; the Dial's action moves on to the next. */
function addDialStep(
  response: VoiceResponse,
  state: DegradedCallState,
  index: number,
  urls: TwilioUrls,
) {
  response
    .dial({
      timeout: state.ringSeconds,
      action: degradedUrls.dial(urls, state, index),
    })
    .number(
      { url: degradedUrls.confirm(urls, state, index) },
      state.phones[index],
    );
}

/** Nobody (left) to ring: the voicemail, or "try later". */
function addNobodyLeft(
  response: VoiceResponse,
  state: DegradedCallState,
  urls: TwilioUrls,
) {
  const { language } = state;
  if (!state.voicemail) {
    say(response, language, PROMPTS.tryLater[language]);
    response.hangup();
    return;
  }
  say(response, language, PROMPTS.leaveVoicemail[language]);
  response.record({
    action: degradedUrls.voicemailDone(urls, state),
    // Answered at once: the recording is kept in memory until the
    // database is back.
    recordingStatusCallback: degradedUrls.recording(urls, state),
    recordingStatusCallbackEvent: ['completed'],
    maxLength: 180,
    playBeep: true,
  });
}

/**
 * The answer to a call while the database cannot be reached: the welcome,
 * then each responder rung on their own `<Dial>` (a `<Dial>` with several
 * numbers would ring them at once), each asked to press 1 before the
 * bridge, then the voicemail (or "try later").
 */
export function degradedCallTwiml(
  welcome: Integration['config']['welcome'],
  state: DegradedCallState,
  urls: TwilioUrls,
): string {
  const response = new twilio.twiml.VoiceResponse();
  if (welcome.type === 'text') say(response, state.language, welcome.text);
  else response.play(urls.audio(welcome.audioId));
  if (state.phones.length > 0) addDialStep(response, state, 0, urls);
  else addNobodyLeft(response, state, urls);
  return response.toString();
}

/**
 * The action of responder `index`'s `<Dial>`: done when they were bridged
 * (the call is over), else the next responder, or the voicemail.
 */
export function degradedDialActionTwiml(
  state: DegradedCallState,
  index: number,
  dialStatus: string | undefined,
  urls: TwilioUrls,
): string {
  const response = new twilio.twiml.VoiceResponse();
  if (dialStatus === 'completed' || dialStatus === 'answered') {
    response.hangup();
  } else if (index + 1 < state.phones.length) {
    addDialStep(response, state, index + 1, urls);
  } else {
    addNobodyLeft(response, state, urls);
  }
  return response.toString();
}

/**
 * On the responder's leg before the bridge (`<Number url>`): who is
 * calling and "press 1", asked twice; 1 bridges (an empty document ends
 * the whisper), anything else or nothing hangs the leg up, and the
 * caller's `<Dial>` moves on.
 */
export function degradedConfirmTwiml(
  state: DegradedCallState,
  index: number,
  digits: string | undefined,
  urls: TwilioUrls,
): string {
  const { language } = state;
  const response = new twilio.twiml.VoiceResponse();
  if (digits === '1') return response.toString();
  if (digits === undefined) {
    const announcement = CONFIRM_PROMPT[language]({
      team: state.team,
      caller: spokenNumber(state.from, language),
    });
    for (let ask = 0; ask < 2; ask++) {
      response
        .gather({
          numDigits: 1,
          timeout: 10,
          action: degradedUrls.confirmed(urls, state, index),
        })
        .say({ language, voice: VOICES[language] }, announcement);
    }
  }
  say(response, language, PROMPTS.goodbye[language]);
  response.hangup();
  return response.toString();
}
