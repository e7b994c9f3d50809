import type { Language } from '@icr/plugin-incoming-call-common';
import twilio from 'twilio';
import { WAIT_TONE_ID, WAIT_TONE_SECONDS } from '../domain/audio/waitTone';
import { lineAnnouncementText, type LineAnnouncement } from './linePrompts';
import { VOICES } from './prompts';
import type { TwilioUrls } from './TwilioUrls';

/** Plays of the built-in tone between announcements: about a minute. */
const WAIT_TONE_PLAYS = Math.round(60 / WAIT_TONE_SECONDS);

/** A caller's wait document: what they hear until Twilio asks for it again. */
export interface LineWait {
  /** Their place in the line, in their language; none when they are not in it (hearing only the music). */
  announcement?: LineAnnouncement & { language: Language };
  /** The uploaded hold music; none: the built-in wait tone for about a minute. */
  holdMusicAudioId?: string;
}

/**
 * The answer to the `<Enqueue waitUrl>`: the announcement, then the hold
 * music, inside a `<Gather>` so that the voicemail key is heard all along.
 * When the document ends (nothing pressed), Twilio asks the wait URL
 * again: the announcement repeats after each round of music.
 */
export function lineWaitTwiml(wait: LineWait, urls: TwilioUrls): string {
  const response = new twilio.twiml.VoiceResponse();
  const { announcement, holdMusicAudioId } = wait;
  const to = announcement
    ? response.gather({ numDigits: 1, timeout: 2, action: urls.lineKey() })
    : response;
  if (announcement) {
    const { language } = announcement;
    to.say(
      { language, voice: VOICES[language] },
      lineAnnouncementText(language, announcement),
    );
  }
  if (holdMusicAudioId) to.play(urls.audio(holdMusicAudioId));
  else to.play({ loop: WAIT_TONE_PLAYS }, urls.audio(WAIT_TONE_ID));
  return response.toString();
}

/** The caller leaves their queue (to the voicemail): Twilio then calls the `<Enqueue action>`. */
export function leaveLineTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.leave();
  return response.toString();
}
