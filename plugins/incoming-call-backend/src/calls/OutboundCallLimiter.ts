import type { Knex } from 'knex';

/**
 * Twilio lets an account place about one call a second by default: beyond
 * that its REST API refuses calls. Every replica reserves a slot here before
 * placing a leg, so the account's rate holds across replicas and legs queue
 * instead of failing.
 */
export class OutboundCallLimiter {
  private readonly intervalMs: number;

  constructor(
    private readonly db: Knex,
    private readonly accountSid: string,
    callsPerSecond: number,
  ) {
    this.intervalMs = Math.ceil(1000 / callsPerSecond);
  }

  /** Reserves the next free slot at or after `now` (ms) and returns it. */
  async reserve(now: number): Promise<number> {
    await this.db('outbound_call_slots')
      .insert({ account_sid: this.accountSid, next_free_at: 0 })
      .onConflict('account_sid')
      .ignore();
    // One statement, so that concurrent reservations never share a slot.
    const [row] = await this.db('outbound_call_slots')
      .where({ account_sid: this.accountSid })
      .update(
        {
          next_free_at: this.db.raw(
            'CASE WHEN next_free_at > ? THEN next_free_at ELSE ? END + ?',
            [now, now, this.intervalMs],
          ),
        },
        ['next_free_at'],
      );
    return Number(row.next_free_at) - this.intervalMs;
  }
}
