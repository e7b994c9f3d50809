import type { Integration, Language } from '@icr/plugin-incoming-call-common';
import twilio from 'twilio';
import type { TwilioUrls } from './TwilioUrls';
import type { IncomingCallDecision } from '../domain/arrival/decideIncomingCall';
import { CONFIRM_PROMPT, PROMPTS, spokenNumber, VOICES } from './prompts';

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;
type Message = Integration['config']['welcome'];
type HoldMusic = Integration['config']['holdMusic'];

/** Speaks a prompt in the integration's language, with its voice. */
function say(response: VoiceResponse, language: Language, text: string) {
  response.say({ language, voice: VOICES[language] }, text);
}

/**
 * Custom text is spoken; an uploaded file is played from a signed link.
 * `to` is the response, or a `<Gather>` that listens while it plays.
 */
function playMessage(
  to: Pick<VoiceResponse, 'say' | 'play'>,
  language: Language,
  message: Message,
  urls: TwilioUrls,
) {
  if (message.type === 'text') {
    to.say({ language, voice: VOICES[language] }, message.text);
  } else {
    to.play(urls.audio(message.audioId));
  }
}

/**
 * The voicemail prompt and the recording. The webhook URLs are absolute:
 * this TwiML is also sent through the REST API, where there is no document
 * URL to resolve against.
 */
function addVoicemail(
  response: VoiceResponse,
  language: Language,
  prompt: Message | null,
  urls: TwilioUrls,
) {
  if (prompt) playMessage(response, language, prompt, urls);
  else say(response, language, PROMPTS.leaveVoicemail[language]);
  response.record({
    action: urls.voicemailDone(),
    recordingStatusCallback: urls.recording(),
    recordingStatusCallbackEvent: ['completed'],
    maxLength: 180,
    playBeep: true,
    // Twilio transcribes 2-120 s messages; the text goes on the alert.
    transcribe: true,
    transcribeCallback: urls.transcription(),
  });
}

/**
 * The auto-attendant's prompt, waiting for one key. Pressing nothing falls
 * through to the redirect, which reports no key.
 */
function addMenu(
  response: VoiceResponse,
  language: Language,
  prompt: Message,
  urls: TwilioUrls,
  attempt: number,
) {
  const action = urls.menu(attempt);
  const gather = response.gather({ numDigits: 1, timeout: 8, action });
  playMessage(gather, language, prompt, urls);
  response.redirect(action);
}

/**
 * The caller waits in their queue, hearing the line's wait document: their
 * place and expected wait, then the uploaded hold music (if any).
 */
function addEnqueue(
  response: VoiceResponse,
  queue: string,
  holdMusic: HoldMusic,
  urls: TwilioUrls,
) {
  response.enqueue(
    {
      // Twilio reports here when the caller leaves the queue, hang-up
      // included, whether or not the number has a status callback.
      action: urls.queueLeft(),
      waitUrl: urls.lineWait(holdMusic?.audioId),
    },
    queue,
  );
}

function addTryLater(response: VoiceResponse, language: Language) {
  say(response, language, PROMPTS.tryLater[language]);
  response.hangup();
}

/** The TwiML answer to the voice webhook for a decision. */
export function incomingCallTwiml(
  decision: IncomingCallDecision,
  urls: TwilioUrls,
): string {
  const response = new twilio.twiml.VoiceResponse();
  switch (decision.kind) {
    case 'not-in-service':
      say(response, decision.language, PROMPTS.notInService[decision.language]);
      response.hangup();
      break;
    case 'rejected':
      response.reject({ reason: 'rejected' });
      break;
    case 'accepted': {
      const { language, next } = decision;
      const { config } = decision.integration;
      playMessage(response, language, decision.welcome, urls);
      if (decision.statusMessage) {
        playMessage(response, language, decision.statusMessage, urls);
      }
      if (next.kind === 'queue') {
        addEnqueue(response, next.queue, config.holdMusic, urls);
      } else if (next.kind === 'menu') {
        addMenu(response, language, config.autoAttendant.prompt, urls, 1);
      } else if (next.kind === 'voicemail') {
        addVoicemail(response, language, next.prompt, urls);
      } else {
        addTryLater(response, language);
      }
      break;
    }
    default:
      throw new Error('Unknown decision');
  }
  return response.toString();
}

/** Takes the caller out of the queue when nobody answered. */
export function nobodyAnsweredTwiml(
  to: 'voicemail' | 'try-later',
  language: Language,
  prompt: Message | null,
  urls: TwilioUrls,
): string {
  const response = new twilio.twiml.VoiceResponse();
  if (to === 'voicemail') addVoicemail(response, language, prompt, urls);
  else addTryLater(response, language);
  return response.toString();
}

/**
 * A key the menu has no option for, or none (`noInput`): say so, and ask
 * once more.
 */
export function menuRetryTwiml(
  language: Language,
  prompt: Message,
  urls: TwilioUrls,
  noInput: boolean,
) {
  const response = new twilio.twiml.VoiceResponse();
  say(
    response,
    language,
    PROMPTS[noInput ? 'noInput' : 'notAnOption'][language],
  );
  addMenu(response, language, prompt, urls, 2);
  return response.toString();
}

/** The caller chose an option: hold in their queue while it is dialled. */
export function enqueueTwiml(
  queue: string,
  holdMusic: HoldMusic,
  urls: TwilioUrls,
): string {
  const response = new twilio.twiml.VoiceResponse();
  addEnqueue(response, queue, holdMusic, urls);
  return response.toString();
}

/** After a voicemail: thank the caller and hang up. */
export function thankYouTwiml(language: Language): string {
  const response = new twilio.twiml.VoiceResponse();
  say(response, language, PROMPTS.thankYou[language]);
  response.hangup();
  return response.toString();
}

/** After a failure (nothing chosen, a refused pickup): goodbye, hang up. */
/** After the caller left the queue (`<Enqueue action>`): the call is over. */
export function queueLeftTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.hangup();
  return response.toString();
}

export function goodbyeTwiml(language: Language): string {
  const response = new twilio.twiml.VoiceResponse();
  say(response, language, PROMPTS.goodbye[language]);
  response.hangup();
  return response.toString();
}

/**
 * What a responder hears on answering: who is calling (their number digit
 * by digit), the option they chose, and the key that takes the call. The
 * prompt is asked once more when they press nothing (a `<Gather>` without
 * input falls through to the next verb), then it is goodbye; a voicemail
 * box, which never presses anything, so ends the leg unconfirmed.
 */
export function confirmTwiml(
  language: Language,
  call: { team: string; callerNumber: string; option?: string },
  leg: { callSid: string; index: number },
  urls: TwilioUrls,
): string {
  const response = new twilio.twiml.VoiceResponse();
  const announcement = CONFIRM_PROMPT[language]({
    team: call.team,
    caller: spokenNumber(call.callerNumber, language),
    option: call.option,
  });
  for (let ask = 0; ask < 2; ask++) {
    response
      .gather({
        numDigits: 1,
        timeout: 10,
        action: urls.responderConfirm(leg.callSid, leg.index),
      })
      .say({ language, voice: VOICES[language] }, announcement);
  }
  say(response, language, PROMPTS.goodbye[language]);
  response.hangup();
  return response.toString();
}

/** The confirmed responder joins the caller's queue: the two are bridged. */
export function bridgeTwiml(queue: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.dial().queue(queue);
  return response.toString();
}

/**
 * A responder who confirmed too late: someone else took the call, or the
 * caller hung up meanwhile.
 */
export function tooLateTwiml(
  language: Language,
  why: 'taken' | 'callerGone',
): string {
  const response = new twilio.twiml.VoiceResponse();
  say(response, language, PROMPTS[why][language]);
  response.hangup();
  return response.toString();
}
