import type { Knex } from 'knex';
import { Batcher } from '../lib/Batcher';

/**
 * Twilio lets an account place about one call a second by default: beyond
 * that its REST API refuses calls. Every replica reserves a slot here before
 * placing a leg, so the account's rate holds across replicas and legs queue
 * instead of failing. Slots are kept in microseconds, so that high rates
 * (bought from Twilio) are not rounded to whole milliseconds. Reservations
 * made at the same time share one statement.
 */
export class OutboundCallLimiter {
  private readonly intervalMicros: number;
  private readonly reservations: Batcher<number, number>;

  constructor(
    private readonly db: Knex,
    private readonly accountSid: string,
    callsPerSecond: number,
  ) {
    this.intervalMicros = Math.max(1, Math.round(1_000_000 / callsPerSecond));
    this.reservations = new Batcher(nows => this.reserveMany(nows));
  }

  /**
   * Reserves the next free slot at or after `now` (ms) and returns it, in
   * whole ms.
   */
  reserve(now: number): Promise<number> {
    return this.reservations.submit(now);
  }

  /** One slot for each of `nows` (ms), in order, from a single statement. */
  private async reserveMany(nows: number[]): Promise<number[]> {
    let next = await this.take(nows);
    if (next === undefined) {
      // The account's first call: its row does not exist yet.
      await this.db('outbound_call_slots')
        .insert({ account_sid: this.accountSid, next_free_at: 0 })
        .onConflict('account_sid')
        .ignore();
      next = (await this.take(nows))!;
    }
    const first = next - nows.length * this.intervalMicros;
    // Whole milliseconds, never early: times are stored as bigint ms.
    return nows.map((_, i) =>
      Math.ceil((first + i * this.intervalMicros) / 1000),
    );
  }

  /** Moves the account's next free slot on; undefined without its row. */
  private async take(nows: number[]): Promise<number | undefined> {
    const nowMicros = Math.round(Math.max(...nows) * 1000);
    // One statement, so that concurrent reservations never share a slot.
    const [row] = await this.db('outbound_call_slots')
      .where({ account_sid: this.accountSid })
      .update(
        {
          next_free_at: this.db.raw(
            'CASE WHEN next_free_at > ? THEN next_free_at ELSE ? END + ?',
            [nowMicros, nowMicros, nows.length * this.intervalMicros],
          ),
        },
        ['next_free_at'],
      );
    return row && Number(row.next_free_at);
  }
}
