import twilio from 'twilio';
import type { IncomingCallDecision } from './decideIncomingCall';
import { PROMPTS, VOICES } from './prompts';

/** The TwiML answer to the voice webhook for a decision. */
export function incomingCallTwiml(decision: IncomingCallDecision): string {
  const response = new twilio.twiml.VoiceResponse();
  switch (decision.kind) {
    case 'not-in-service':
      response.say(
        { language: decision.language, voice: VOICES[decision.language] },
        PROMPTS.notInService[decision.language],
      );
      response.hangup();
      break;
    case 'rejected':
      response.reject({ reason: 'rejected' });
      break;
    case 'accepted':
      if (decision.welcome.type === 'text') {
        response.say(
          { language: decision.language, voice: VOICES[decision.language] },
          decision.welcome.text,
        );
      }
      // Without a waitUrl Twilio plays its default hold music.
      response.enqueue(decision.queue);
      break;
    default:
      throw new Error('Unknown decision');
  }
  return response.toString();
}
