import fc from 'fast-check';
import {
  ANNOUNCE_EVERY_MS,
  announcementOffset,
  tonePlaysUntilNextAnnouncement,
} from './announcementRounds';

const PLAY_MS = 10_000;
const sid = (n: number) => `CA${n.toString(16).padStart(32, '0')}`;

describe('announcementOffset', () => {
  it('is fixed per call and spreads a burst of callers over the minute', () => {
    expect(announcementOffset(sid(7))).toBe(announcementOffset(sid(7)));
    const offsets = Array.from({ length: 500 }, (_, i) =>
      announcementOffset(sid(i)),
    );
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...offsets)).toBeLessThan(ANNOUNCE_EVERY_MS);
    // Each tenth of the minute holds some of them, none most of them.
    const tenths = Array.from({ length: 10 }, (_, t) =>
      offsets.filter(o => Math.floor(o / 6000) === t),
    );
    for (const tenth of tenths) {
      expect(tenth.length).toBeGreaterThan(20);
      expect(tenth.length).toBeLessThan(100);
    }
  });
});

describe('tonePlaysUntilNextAnnouncement', () => {
  /** The times of a caller's announcements, one a wait document, over `ms`. */
  function announcements(callSid: string, queuedAt: number, ms: number) {
    const at: number[] = [];
    for (let now = queuedAt; now < queuedAt + ms; ) {
      at.push(now);
      now +=
        tonePlaysUntilNextAnnouncement({
          callSid,
          queuedAt,
          now,
          playMs: PLAY_MS,
        }) * PLAY_MS;
    }
    return at;
  }

  it('holds one play at least and a whole round at most', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 0, max: 3 * 60 * 60 * 1000 }),
        (n, queuedAt, waited) => {
          const plays = tonePlaysUntilNextAnnouncement({
            callSid: sid(n),
            queuedAt,
            now: queuedAt + waited,
            playMs: PLAY_MS,
          });
          return plays >= 1 && plays <= ANNOUNCE_EVERY_MS / PLAY_MS;
        },
      ),
    );
  });

  it('announces on joining, then every minute at the caller’s own time', () => {
    const queuedAt = 1_000_000;
    const callSid = sid(42);
    const at = announcements(callSid, queuedAt, 10 * 60_000);
    expect(at[0]).toBe(queuedAt);
    // After the first document, a minute apart (to the play).
    const gaps = at.slice(2).map((t, i) => t - at[i + 1]);
    expect(new Set(gaps)).toEqual(new Set([ANNOUNCE_EVERY_MS]));
    // The second at the caller's offset (to half a play, round the minute).
    const late =
      (at[1] - queuedAt - announcementOffset(callSid)) % ANNOUNCE_EVERY_MS;
    expect(
      Math.min(Math.abs(late), ANNOUNCE_EVERY_MS - Math.abs(late)),
    ).toBeLessThanOrEqual(PLAY_MS / 2);
  });

  it('keeps the rhythm when a document ends a little early or late', () => {
    const queuedAt = 0;
    const callSid = sid(9);
    const first = announcementOffset(callSid) + 3 * ANNOUNCE_EVERY_MS;
    for (const drift of [-4000, -1000, 0, 1000, 4000]) {
      const plays = tonePlaysUntilNextAnnouncement({
        callSid,
        queuedAt,
        now: first + drift,
        playMs: PLAY_MS,
      });
      expect(plays).toBe(ANNOUNCE_EVERY_MS / PLAY_MS);
    }
  });

  it('spreads the announcements of 500 callers who joined within 10 s', () => {
    const heardAt = Array.from({ length: 500 }, (_, i) =>
      announcements(sid(i), (i * 10_000) / 500, 5 * 60_000),
    );
    // In the third minute, no 10 s holds more than a third of the callers'
    // announcements (without offsets: all of them fall in the same 10 s).
    const third = heardAt
      .flat()
      .filter(t => t >= 120_000 && t < 180_000)
      .map(t => Math.floor((t - 120_000) / 10_000));
    const busiest = Math.max(
      ...Array.from({ length: 6 }, (_, s) => third.filter(x => x === s).length),
    );
    expect(third.length).toBeGreaterThanOrEqual(500);
    expect(busiest).toBeLessThan(500 / 3);
  });
});
