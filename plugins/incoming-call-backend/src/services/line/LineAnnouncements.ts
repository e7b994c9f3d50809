import type { CallStore } from '../../database/CallStore';
import type { IntegrationStore } from '../../database/IntegrationStore';
import type { LineStatsStore } from '../../database/LineStatsStore';
import type { LineStore } from '../../database/LineStore';
import type { CallSession } from '../../domain/engine/callSession';
import {
  ANSWER_RATE_WINDOW_MS,
  expectedWait,
} from '../../domain/line/expectedWait';
import type { Clock } from '../../lib/clock';
import { leaveLineTwiml, lineWaitTwiml } from '../../twilio/lineTwiml';
import type { TwilioUrls } from '../../twilio/TwilioUrls';

/**
 * The key that leaves the line for the voicemail. Not 1 or 2, which a
 * caller fresh from the menu may still press out of habit; not 0, which
 * callers take for "an operator"; not # (it ends a `<Gather>`'s input) or
 * *, which is said differently in every language.
 */
export const LINE_VOICEMAIL_KEY = '9';

export interface LineAnnouncementsDeps {
  calls: Pick<CallStore, 'getSession'>;
  line: Pick<LineStore, 'position'>;
  stats: Pick<LineStatsStore, 'answeredSince'>;
  integrations: Pick<IntegrationStore, 'getById'>;
  /** `CallService.chooseVoicemail`: the caller leaves the line for the voicemail. */
  chooseVoicemail: (callSid: string) => Promise<boolean>;
  urls: () => Promise<TwilioUrls>;
  clock: Clock;
}

/**
 * What callers waiting in the line hear (the wait document of their
 * queue): their place and the expected wait, the voicemail key, the hold
 * music; and what their key does.
 */
export class LineAnnouncements {
  constructor(private readonly deps: LineAnnouncementsDeps) {}

  /** The wait document of the call, with the queue's hold music (`holdMusicAudioId`, when uploaded). */
  async waitDocument(
    callSid: string,
    holdMusicAudioId: string | undefined,
  ): Promise<string> {
    const session = await this.deps.calls.getSession(callSid);
    return this.document(session, holdMusicAudioId);
  }

  /**
   * The caller pressed `digits` during the wait document: the voicemail
   * key takes them out of the queue (the `<Enqueue action>` then gives the
   * voicemail); any other key, or a call no longer in the line, hears the
   * wait document again.
   */
  async keyPressed(callSid: string, digits: string): Promise<string> {
    if (
      digits === LINE_VOICEMAIL_KEY &&
      (await this.deps.chooseVoicemail(callSid))
    ) {
      return leaveLineTwiml();
    }
    const session = await this.deps.calls.getSession(callSid);
    // The key's URL does not carry the hold music: the integration names it.
    const integration =
      session && (await this.deps.integrations.getById(session.integrationId));
    return this.document(session, integration?.config.holdMusic?.audioId);
  }

  private async document(
    session: CallSession | undefined,
    holdMusicAudioId: string | undefined,
  ): Promise<string> {
    const place = session && (await this.deps.line.position(session.callSid));
    const urls = await this.deps.urls();
    if (!session || !place) {
      // Not (or no longer) in the line: connected, or leaving it.
      return lineWaitTwiml({ holdMusicAudioId }, urls);
    }
    const answered = await this.deps.stats.answeredSince(
      place.teamRef,
      this.deps.clock.now() - ANSWER_RATE_WINDOW_MS,
    );
    return lineWaitTwiml(
      {
        announcement: {
          language: session.context.language,
          position: place.position,
          wait: expectedWait(place.position, answered),
          ...(session.flow.voicemail && { voicemailKey: LINE_VOICEMAIL_KEY }),
        },
        holdMusicAudioId,
      },
      urls,
    );
  }
}
