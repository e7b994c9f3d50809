/** A waiting caller hears their place again about this often (ms). */
export const ANNOUNCE_EVERY_MS = 60_000;

/**
 * The offset (ms, under `ANNOUNCE_EVERY_MS`) of a caller's announcements
 * from their joining the line, fixed per call (FNV-1a of its SID): in an
 * outage hundreds join within seconds, and without it they would all be
 * announced again, and ask for their wait documents, in the same moment
 * every minute. Pure.
 */
export function announcementOffset(callSid: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < callSid.length; i++) {
    hash = Math.imul(hash ^ callSid.charCodeAt(i), 0x01000193) >>> 0;
  }
  return hash % ANNOUNCE_EVERY_MS;
}

/**
 * How many plays of the wait tone (`playMs` each) a wait document holds
 * after the announcement, so that the caller's next one comes at their own
 * time: every `ANNOUNCE_EVERY_MS` from their offset after joining, never
 * sooner than one play nor later than a whole round. Pure.
 */
export function tonePlaysUntilNextAnnouncement(options: {
  callSid: string;
  /** When the caller joined the line (ms). */
  queuedAt: number;
  now: number;
  playMs: number;
}): number {
  const { callSid, queuedAt, now, playMs } = options;
  const most = Math.round(ANNOUNCE_EVERY_MS / playMs);
  const first = queuedAt + announcementOffset(callSid);
  // The caller's next time more than half a play away: a document that
  // ends a little early does not get a short one of its own.
  const rounds = Math.max(
    0,
    Math.floor((now + playMs / 2 - first) / ANNOUNCE_EVERY_MS) + 1,
  );
  const next = first + rounds * ANNOUNCE_EVERY_MS;
  return Math.min(most, Math.max(1, Math.round((next - now) / playMs)));
}
