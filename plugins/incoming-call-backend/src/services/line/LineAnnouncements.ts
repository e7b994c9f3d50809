import type { CallStore } from '../../database/CallStore';
import type { IntegrationStore } from '../../database/IntegrationStore';
import type { LineStatsStore } from '../../database/LineStatsStore';
import type { LinePosition, LineStore } from '../../database/LineStore';
import type { CallSession } from '../../domain/engine/callSession';
import {
  ANSWER_RATE_WINDOW_MS,
  expectedWait,
} from '../../domain/line/expectedWait';
import { Batcher } from '../../lib/Batcher';
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
  calls: Pick<CallStore, 'getSessions'>;
  line: Pick<LineStore, 'positions'>;
  stats: Pick<LineStatsStore, 'answeredSince'>;
  integrations: Pick<IntegrationStore, 'getById'>;
  /** `CallService.chooseVoicemail`: the caller leaves the line for the voicemail. */
  chooseVoicemail: (callSid: string) => Promise<boolean>;
  urls: () => Promise<TwilioUrls>;
  clock: Clock;
}

/** A caller asking for their wait document, as read for it. */
interface Waiting {
  session?: CallSession;
  /** Their place, when they are in the line. */
  place?: LinePosition;
  /** Their team's calls answered in the answer-rate window. */
  answered?: number;
}

/**
 * What callers waiting in the line hear (the wait document of their
 * queue): their place and the expected wait, the voicemail key, the hold
 * music; and what their key does.
 */
export class LineAnnouncements {
  /**
   * The callers' reads, batched: a burst's callers join within seconds, so
   * their wait documents come due together, hundreds at once, and share a
   * handful of reads instead of five each.
   */
  private readonly waiting: Batcher<string, Waiting>;

  constructor(private readonly deps: LineAnnouncementsDeps) {
    this.waiting = new Batcher(callSids => this.read(callSids));
  }

  /** The wait document of the call, with the queue's hold music (`holdMusicAudioId`, when uploaded). */
  async waitDocument(
    callSid: string,
    holdMusicAudioId: string | undefined,
  ): Promise<string> {
    return this.document(await this.waiting.submit(callSid), holdMusicAudioId);
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
    const waiting = await this.waiting.submit(callSid);
    // The key's URL does not carry the hold music: the integration names it.
    const integration =
      waiting.session &&
      (await this.deps.integrations.getById(waiting.session.integrationId));
    return this.document(waiting, integration?.config.holdMusic?.audioId);
  }

  private async read(callSids: string[]): Promise<Waiting[]> {
    const [sessions, places] = await Promise.all([
      this.deps.calls.getSessions(callSids),
      this.deps.line.positions(callSids),
    ]);
    const since = this.deps.clock.now() - ANSWER_RATE_WINDOW_MS;
    const teamRefs = [...new Set([...places.values()].map(p => p.teamRef))];
    const answered = new Map(
      await Promise.all(
        teamRefs.map(
          async teamRef =>
            [
              teamRef,
              await this.deps.stats.answeredSince(teamRef, since),
            ] as const,
        ),
      ),
    );
    return callSids.map(callSid => {
      const place = places.get(callSid);
      return {
        session: sessions.get(callSid),
        place,
        answered: place && answered.get(place.teamRef),
      };
    });
  }

  private async document(
    { session, place, answered }: Waiting,
    holdMusicAudioId: string | undefined,
  ): Promise<string> {
    const urls = await this.deps.urls();
    if (!session || !place) {
      // Not (or no longer) in the line: connected, or leaving it.
      return lineWaitTwiml({ holdMusicAudioId }, urls);
    }
    return lineWaitTwiml(
      {
        announcement: {
          language: session.context.language,
          position: place.position,
          wait: expectedWait(place.position, answered ?? 0),
          ...(session.flow.voicemail && { voicemailKey: LINE_VOICEMAIL_KEY }),
        },
        holdMusicAudioId,
      },
      urls,
    );
  }
}
