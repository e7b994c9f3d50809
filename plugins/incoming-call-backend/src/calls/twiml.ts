import type { Integration, Language } from '@icr/plugin-incoming-call-common';
import twilio from 'twilio';
import type { IncomingCallDecision } from './decideIncomingCall';
import { NOT_AN_OPTION, PROMPTS, RESPONDER_PROMPTS, VOICES } from './prompts';

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;
type Message = Integration['config']['welcome'];

/** Speaks a prompt in the integration's language, with its voice. */
function say(response: VoiceResponse, language: Language, text: string) {
  response.say({ language, voice: VOICES[language] }, text);
}

/** Custom text is spoken; audio files are played once uploads exist. */
function sayMessage(
  response: VoiceResponse,
  language: Language,
  message: Message,
) {
  if (message.type === 'text') say(response, language, message.text);
}

/**
 * The voicemail prompt and the recording. `webhookBaseUrl` makes the
 * callbacks absolute: this TwiML is also sent through the REST API, where
 * there is no document URL to resolve against.
 */
function addVoicemail(
  response: VoiceResponse,
  language: Language,
  prompt: Message | null,
  webhookBaseUrl: string,
) {
  if (prompt) sayMessage(response, language, prompt);
  else say(response, language, PROMPTS.leaveVoicemail[language]);
  response.record({
    action: `${webhookBaseUrl}/voicemail-done`,
    recordingStatusCallback: `${webhookBaseUrl}/recording`,
    recordingStatusCallbackEvent: ['completed'],
    maxLength: 180,
    playBeep: true,
  });
}

/**
 * The auto-attendant's prompt, waiting for one key. Pressing nothing falls
 * through to the redirect, which reports the same as an unknown key.
 */
function addMenu(
  response: VoiceResponse,
  language: Language,
  prompt: Message,
  webhookBaseUrl: string,
  attempt: number,
) {
  const action = `${webhookBaseUrl}/menu?attempt=${attempt}`;
  const gather = response.gather({ numDigits: 1, timeout: 8, action });
  if (prompt.type === 'text') {
    gather.say({ language, voice: VOICES[language] }, prompt.text);
  }
  response.redirect(action);
}

function addTryLater(response: VoiceResponse, language: Language) {
  say(response, language, PROMPTS.tryLater[language]);
  response.hangup();
}

/** The TwiML answer to the voice webhook for a decision. */
export function incomingCallTwiml(
  decision: IncomingCallDecision,
  webhookBaseUrl: string,
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
      sayMessage(response, language, decision.welcome);
      if (next.kind === 'queue') {
        // Without a waitUrl Twilio plays its default hold music.
        response.enqueue(next.queue);
      } else if (next.kind === 'menu') {
        addMenu(
          response,
          language,
          decision.integration.config.autoAttendant.prompt,
          webhookBaseUrl,
          1,
        );
      } else if (next.kind === 'voicemail') {
        addVoicemail(response, language, next.prompt, webhookBaseUrl);
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
  webhookBaseUrl: string,
): string {
  const response = new twilio.twiml.VoiceResponse();
  if (to === 'voicemail')
    addVoicemail(response, language, prompt, webhookBaseUrl);
  else addTryLater(response, language);
  return response.toString();
}

/** A key the menu has no option for: say so, and ask once more. */
export function menuRetryTwiml(
  language: Language,
  prompt: Message,
  webhookBaseUrl: string,
) {
  const response = new twilio.twiml.VoiceResponse();
  say(response, language, NOT_AN_OPTION[language]);
  addMenu(response, language, prompt, webhookBaseUrl, 2);
  return response.toString();
}

/** The caller chose an option: hold in their queue while it is dialled. */
export function enqueueTwiml(queue: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.enqueue(queue);
  return response.toString();
}

/** After a voicemail: thank the caller and hang up. */
export function goodbyeTwiml(language: Language): string {
  const response = new twilio.twiml.VoiceResponse();
  say(response, language, PROMPTS.goodbye[language]);
  response.hangup();
  return response.toString();
}

/**
 * What a responder hears on answering: who is calling, and the key that
 * takes the call. Silence (a voicemail box) ends the leg unconfirmed.
 */
export function confirmTwiml(
  language: Language,
  team: string,
  action: string,
): string {
  const response = new twilio.twiml.VoiceResponse();
  const gather = response.gather({ numDigits: 1, timeout: 10, action });
  gather.say(
    { language, voice: VOICES[language] },
    RESPONDER_PROMPTS.confirm[language]({ team }),
  );
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
  say(response, language, RESPONDER_PROMPTS[why][language]({ team: '' }));
  response.hangup();
  return response.toString();
}
