import type { Integration, Language } from '@icr/plugin-incoming-call-common';
import twilio from 'twilio';
import type { IncomingCallDecision } from './decideIncomingCall';
import { PROMPTS, VOICES } from './prompts';

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

/** The TwiML answer to the voice webhook for a decision. */
export function incomingCallTwiml(decision: IncomingCallDecision): string {
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
      } else if (next.kind === 'voicemail') {
        if (next.prompt) sayMessage(response, language, next.prompt);
        else say(response, language, PROMPTS.leaveVoicemail[language]);
        // Relative URLs resolve against this webhook's URL.
        response.record({
          action: 'voicemail-done',
          recordingStatusCallback: 'recording',
          recordingStatusCallbackEvent: ['completed'],
          maxLength: 180,
          playBeep: true,
        });
      } else {
        say(response, language, PROMPTS.tryLater[language]);
        response.hangup();
      }
      break;
    }
    default:
      throw new Error('Unknown decision');
  }
  return response.toString();
}

/** After a voicemail: thank the caller and hang up. */
export function goodbyeTwiml(language: Language): string {
  const response = new twilio.twiml.VoiceResponse();
  say(response, language, PROMPTS.goodbye[language]);
  response.hangup();
  return response.toString();
}
