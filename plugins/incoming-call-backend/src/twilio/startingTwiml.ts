import twilio from 'twilio';
import { VOICES } from './prompts';

/**
 * The answer to a call that arrived while the plugin was starting and the
 * catalog was still not read after the wait: no routing with a partial
 * view, an apology and a hang-up, so the caller can call again.
 */
export function startingTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(
    { language: 'en-US', voice: VOICES['en-US'] },
    'Sorry, we are starting up and cannot take your call yet. Please call again in a minute. Goodbye.',
  );
  response.hangup();
  return response.toString();
}
