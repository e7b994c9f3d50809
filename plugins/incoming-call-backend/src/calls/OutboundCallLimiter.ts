import type { Knex } from 'knex';
import { Batcher } from './Batcher';

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
  private seeded?: Promise<void>;

  constructor(
    private readonly db: Knex,
    private readonly accountSid: string,
    callsPerSecond: number,
  ) {
    this.intervalMicros = Math.max(1, Math.round(1_000_000 / callsPerSecond));
    this.reservations = new Batcher(nows => this.reserveMany(nows));
  }

  /** Reserves the next free slot at or after `now` (ms) and returns it (ms). */
  reserve(now: number): Promise<number> {
    return this.reservations.submit(now);
  }

  /** One slot for each of `nows`, in order, from a single statement. */
  private async reserveMany(nows: number[]): Promise<number[]> {
    this.seeded ??= this.seed().catch(error => {
      this.seeded = undefined;
      throw error;
    });
    await this.seeded;
    const nowMicros = Math.round(Math.max(...nows) * 1000);
    const span = nows.length * this.intervalMicros;
    // One statement, so that concurrent reservations never share a slot.
    const [row] = await this.db('outbound_call_slots')
      .where({ account_sid: this.accountSid })
      .update(
        {
          next_free_at: this.db.raw(
            'CASE WHEN next_free_at > ? THEN next_free_at ELSE ? END + ?',
            [nowMicros, nowMicros, span],
          ),
        },
        ['next_free_at'],
      );
    const first = Number(row.next_free_at) - span;
    return nows.map((_, i) => (first + i * this.intervalMicros) / 1000);
  }

  private async seed() {
    await this.db('outbound_call_slots')
      .insert({ account_sid: this.accountSid, next_free_at: 0 })
      .onConflict('account_sid')
      .ignore();
  }
}
