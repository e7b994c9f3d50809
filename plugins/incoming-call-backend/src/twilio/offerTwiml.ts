import type { Language } from '@icr/plugin-incoming-call-common';
import twilio from 'twilio';
import { NEXT_CALLER_PROMPT, OFFER_PROMPTS } from './offerPrompts';
import { PROMPTS, spokenNumber, VOICES } from './prompts';
import type { TwilioUrls } from './TwilioUrls';

/** A responder's leg as the URLs name it: the call it is for, and plan[index]. */
export interface OfferedLeg {
  callSid: string;
  index: number;
}

/**
 * The confirmed responder joins the caller's queue: the two are bridged.
 * When the caller hangs up, Twilio goes on with the `<Dial action>` on the
 * responder's leg (the offer of the next caller); when the responder hangs
 * up, the action's answer is ignored.
 */
export function responderBridgeTwiml(
  queue: string,
  leg: OfferedLeg,
  urls: TwilioUrls,
): string {
  const response = new twilio.twiml.VoiceResponse();
  response
    .dial({ action: urls.afterCall(leg.callSid, leg.index) })
    .queue(queue);
  return response.toString();
}

/**
 * After a call: another caller waits for this responder. Who (their number
 * digit by digit, in the language of their call) and the two keys, asked
 * twice; pressing nothing is goodbye. `callerLeft` first says that the call
 * just confirmed never got through (in the language of that call).
 */
export function nextCallerOfferTwiml(
  next: { callerNumber: string; language: Language },
  leg: OfferedLeg,
  urls: TwilioUrls,
  callerLeft?: Language,
): string {
  const response = new twilio.twiml.VoiceResponse();
  if (callerLeft) {
    response.say(
      { language: callerLeft, voice: VOICES[callerLeft] },
      OFFER_PROMPTS.callerLeft[callerLeft],
    );
  }
  const { language } = next;
  const voice = { language, voice: VOICES[language] };
  const offer = NEXT_CALLER_PROMPT[language]({
    caller: spokenNumber(next.callerNumber, language),
  });
  for (let ask = 0; ask < 2; ask++) {
    response
      .gather({
        numDigits: 1,
        timeout: 10,
        action: urls.nextCaller(leg.callSid, leg.index),
      })
      .say(voice, offer);
  }
  response.say(voice, PROMPTS.goodbye[language]);
  response.hangup();
  return response.toString();
}

/**
 * The end of the offer: nobody waits (`nobodyWaiting`), or the responder
 * stopped taking calls (`stoppedTaking`). Said (after `callerLeft`, as
 * above), then the leg hangs up.
 */
export function offerEndTwiml(
  language: Language,
  why: 'nobodyWaiting' | 'stoppedTaking',
  callerLeft = false,
): string {
  const response = new twilio.twiml.VoiceResponse();
  const voice = { language, voice: VOICES[language] };
  if (callerLeft) response.say(voice, OFFER_PROMPTS.callerLeft[language]);
  response.say(voice, OFFER_PROMPTS[why][language]);
  response.hangup();
  return response.toString();
}
