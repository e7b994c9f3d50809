import type { Integration } from '@icr/plugin-incoming-call-common';
import type { CallSession } from '../../domain/engine/callSession';
import type { LinePosition } from '../../database/LineStore';
import { TwilioUrls } from '../../twilio/TwilioUrls';
import { LineAnnouncements } from './LineAnnouncements';

const HOOKS = 'https://calls.example.com/api/incoming-call/webhooks';
const urls = new TwilioUrls({
  webhooks: HOOKS,
  audio: (id: string) => `https://calls.example.com/media/${id}`,
});
const CALL = `CA${'1'.repeat(32)}`;
const TEAM = 'group:default/platform';
const NOW = Date.parse('2026-03-10T12:00:00Z');

/** A queued call of the team, in Swedish. */
const queuedCall = (flow: Partial<CallSession['flow']> = {}) =>
  ({
    callSid: CALL,
    integrationId: 'i1',
    alertId: 'a1',
    version: 3,
    context: { language: 'sv-SE', queue: `queue-${CALL}`, teamRef: TEAM },
    flow: { state: 'queued', voicemail: true, plan: [], ...flow },
  } as unknown as CallSession);

function announcementsWith(options: {
  session?: CallSession;
  place?: LinePosition;
  answeredRecently?: number;
  choseVoicemail?: boolean;
  holdMusic?: Integration['config']['holdMusic'];
  /** More callers of the team, by SID: their sessions are the first's, with their SID. */
  others?: Record<string, LinePosition>;
}) {
  const asked = {
    since: [] as Array<[string, number]>,
    chose: [] as string[],
    reads: [] as string[][],
  };
  const sessions = new Map<string, CallSession>();
  const places = new Map<string, LinePosition>();
  if (options.session) sessions.set(CALL, options.session);
  if (options.place) places.set(CALL, options.place);
  for (const [sid, place] of Object.entries(options.others ?? {})) {
    sessions.set(sid, { ...options.session!, callSid: sid });
    places.set(sid, place);
  }
  const some = <T>(all: Map<string, T>, sids: string[]) =>
    new Map(sids.flatMap(sid => (all.has(sid) ? [[sid, all.get(sid)!]] : [])));
  const announcements = new LineAnnouncements({
    calls: {
      getSessions: async sids => some(sessions, sids),
    },
    line: {
      positions: async sids => {
        asked.reads.push(sids);
        return some(places, sids);
      },
    },
    stats: {
      answeredSince: async (teamRef, since) => {
        asked.since.push([teamRef, since]);
        return options.answeredRecently ?? 0;
      },
    },
    integrations: {
      getById: async id =>
        id === 'i1'
          ? ({
              config: { holdMusic: options.holdMusic ?? null },
            } as Integration)
          : undefined,
    },
    chooseVoicemail: async sid => {
      asked.chose.push(sid);
      return options.choseVoicemail ?? false;
    },
    urls: async () => urls,
    clock: { now: () => NOW },
  });
  return { announcements, asked };
}

const said = (twiml: string) => twiml.match(/<Say[^>]*>([^<]*)<\/Say>/)?.[1];

describe('LineAnnouncements', () => {
  it("tells the caller their place and the wait from the team's last 15 minutes, with the voicemail key, in their language", async () => {
    const { announcements, asked } = announcementsWith({
      session: queuedCall(),
      place: { position: 3, teamRef: TEAM, waiting: 5 },
      // 5 in 15 minutes: one every 3 minutes, so 9 minutes for 3 callers.
      answeredRecently: 5,
    });
    const twiml = await announcements.waitDocument(CALL, 'music-1');
    expect(said(twiml)).toBe(
      'Du är nummer 3 i kön. Den beräknade väntetiden är ungefär 9 minuter. Tryck 9 om du vill lämna ett röstmeddelande i stället.',
    );
    expect(twiml).toContain(`action="${HOOKS}/line-key"`);
    expect(twiml).toContain(
      '<Play>https://calls.example.com/media/music-1</Play>',
    );
    expect(asked.since).toEqual([[TEAM, NOW - 15 * 60_000]]);
  });

  it('leaves out the voicemail key when the call has no voicemail, and the wait without recent answers', async () => {
    const { announcements } = announcementsWith({
      session: queuedCall({ voicemail: false }),
      place: { position: 1, teamRef: TEAM, waiting: 1 },
    });
    expect(said(await announcements.waitDocument(CALL, undefined))).toBe(
      'Du står näst på tur.',
    );
  });

  it('plays only the music to a caller who is not in the line', async () => {
    const { announcements, asked } = announcementsWith({
      session: queuedCall({ state: 'connected' }),
    });
    const twiml = await announcements.waitDocument(CALL, 'music-1');
    expect(twiml).not.toContain('<Say');
    expect(twiml).not.toContain('<Gather');
    expect(twiml).toContain(
      '<Play>https://calls.example.com/media/music-1</Play>',
    );
    expect(asked.since).toEqual([]);
  });

  it("reads the wait documents that come due together at once, the team's answers once", async () => {
    const others = {
      [`CA${'2'.repeat(32)}`]: { position: 2, teamRef: TEAM, waiting: 3 },
      [`CA${'3'.repeat(32)}`]: { position: 3, teamRef: TEAM, waiting: 3 },
    };
    const { announcements, asked } = announcementsWith({
      session: queuedCall(),
      place: { position: 1, teamRef: TEAM, waiting: 3 },
      answeredRecently: 15,
      others,
    });
    const documents = await Promise.all(
      [CALL, ...Object.keys(others)].map(sid =>
        announcements.waitDocument(sid, undefined),
      ),
    );
    expect(documents.map(said)).toEqual([
      'Du står näst på tur. Den beräknade väntetiden är ungefär en minut. Tryck 9 om du vill lämna ett röstmeddelande i stället.',
      'Du är nummer 2 i kön. Den beräknade väntetiden är ungefär 2 minuter. Tryck 9 om du vill lämna ett röstmeddelande i stället.',
      'Du är nummer 3 i kön. Den beräknade väntetiden är ungefär 3 minuter. Tryck 9 om du vill lämna ett röstmeddelande i stället.',
    ]);
    expect(asked.reads).toEqual([[CALL, ...Object.keys(others)]]);
    expect(asked.since).toEqual([[TEAM, NOW - 15 * 60_000]]);
  });

  it('takes the caller out of the queue on the voicemail key', async () => {
    const { announcements, asked } = announcementsWith({
      session: queuedCall(),
      place: { position: 2, teamRef: TEAM, waiting: 2 },
      choseVoicemail: true,
    });
    expect(await announcements.keyPressed(CALL, '9')).toContain(
      '<Response><Leave/></Response>',
    );
    expect(asked.chose).toEqual([CALL]);
  });

  it("announces again on any other key, or when the voicemail key is refused, with the integration's hold music", async () => {
    const { announcements, asked } = announcementsWith({
      session: queuedCall(),
      place: { position: 2, teamRef: TEAM, waiting: 2 },
      choseVoicemail: false,
      holdMusic: { audioId: 'music-2' },
    });
    for (const key of ['1', '9']) {
      const twiml = await announcements.keyPressed(CALL, key);
      expect(twiml).not.toContain('<Leave');
      expect(said(twiml)).toMatch(/^Du är nummer 2 i kön\./);
      expect(twiml).toContain('https://calls.example.com/media/music-2');
    }
    expect(asked.chose).toEqual([CALL]);
  });
});
