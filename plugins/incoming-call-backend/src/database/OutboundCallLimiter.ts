import type { Knex } from 'knex';
import { Batcher } from '../lib/Batcher';

/**
 * Twilio lets an account place about one call a second by default: beyond
 * that its REST API refuses calls. Every replica reserves a slot here before
 * placing a leg, so the account's rate holds across replicas and legs queue
 * instead of failing. Slots are kept in microseconds, so that high rates
 * (bought from Twilio) are not rounded to whole milliseconds. Reservations
 * made at the same time share one transaction.
 *
 * A slot reserved for a call is kept with its call SID, so that a call that
 * ends before its leg is placed gives the slot back (`release`): the
 * account's next free slot moves back to just after the last slot still
 * held, and later calls do not wait behind callers who are gone.
 */
export class OutboundCallLimiter {
  private readonly intervalMicros: number;
  private readonly reservations: Batcher<Reservation, number>;
  private readonly releases: Batcher<Release, undefined>;

  constructor(
    private readonly db: Knex,
    private readonly accountSid: string,
    callsPerSecond: number,
  ) {
    this.intervalMicros = Math.max(1, Math.round(1_000_000 / callsPerSecond));
    this.reservations = new Batcher(items => this.reserveMany(items));
    this.releases = new Batcher(async items => {
      await this.releaseMany(items);
      return items.map(() => undefined);
    });
  }

  /**
   * Reserves the next free slot at or after `now` (ms) and returns it, in
   * whole ms; `callSid` is the call it is for, which may give it back.
   */
  reserve(now: number, callSid?: string): Promise<number> {
    return this.reservations.submit({ now, callSid });
  }

  /**
   * The call `callSid` is over: its slots after `now` (ms), reserved for
   * legs it will never place, are free again.
   */
  async release(callSid: string, now: number): Promise<void> {
    await this.releases.submit({ callSid, now });
  }

  /** One slot for each reservation, in order, from one transaction. */
  private async reserveMany(items: Reservation[]): Promise<number[]> {
    const nows = items.map(item => item.now);
    return this.db.transaction(async trx => {
      let next = await this.take(trx, nows);
      if (next === undefined) {
        // The account's first call: its row does not exist yet.
        await trx('outbound_call_slots')
          .insert({ account_sid: this.accountSid, next_free_at: 0 })
          .onConflict('account_sid')
          .ignore();
        next = (await this.take(trx, nows))!;
      }
      const first = next - nows.length * this.intervalMicros;
      const slots = nows.map((_, i) => first + i * this.intervalMicros);
      const held = items.flatMap((item, i) =>
        item.callSid
          ? [
              {
                account_sid: this.accountSid,
                call_sid: item.callSid,
                slot_at: slots[i],
              },
            ]
          : [],
      );
      if (held.length > 0) {
        await trx('outbound_call_reservations').insert(held);
      }
      // Slots more than an interval in the past no longer hold anyone up.
      await trx('outbound_call_reservations')
        .where({ account_sid: this.accountSid })
        .where(
          'slot_at',
          '<',
          Math.round(Math.min(...nows) * 1000) - this.intervalMicros,
        )
        .delete();
      // Whole milliseconds, never early: times are stored as bigint ms.
      return slots.map(slot => Math.ceil(slot / 1000));
    });
  }

  /**
   * Drops the calls' slots still to come and moves the account's next free
   * slot back to just after the last one held, in one transaction that
   * holds the account's row, so that no reservation slips in between.
   */
  private async releaseMany(items: Release[]): Promise<void> {
    await this.db.transaction(async trx => {
      const row = await trx('outbound_call_slots')
        .where({ account_sid: this.accountSid })
        .forUpdate()
        .first();
      if (!row) return;
      let dropped = 0;
      for (const { callSid, now } of items) {
        dropped += await trx('outbound_call_reservations')
          .where({ account_sid: this.accountSid, call_sid: callSid })
          .where('slot_at', '>', Math.round(now * 1000))
          .delete();
      }
      if (dropped === 0) return;
      const last = await trx('outbound_call_reservations')
        .where({ account_sid: this.accountSid })
        .max({ slot: 'slot_at' })
        .first();
      const after =
        last?.slot === null || last?.slot === undefined
          ? 0
          : Number(last.slot) + this.intervalMicros;
      if (after < Number(row.next_free_at)) {
        await trx('outbound_call_slots')
          .where({ account_sid: this.accountSid })
          .update({ next_free_at: after });
      }
    });
  }

  /** Moves the account's next free slot on; undefined without its row. */
  private async take(
    trx: Knex.Transaction,
    nows: number[],
  ): Promise<number | undefined> {
    const nowMicros = Math.round(Math.max(...nows) * 1000);
    // One statement, so that concurrent reservations never share a slot.
    const [row] = await trx('outbound_call_slots')
      .where({ account_sid: this.accountSid })
      .update(
        {
          next_free_at: trx.raw(
            'CASE WHEN next_free_at > ? THEN next_free_at ELSE ? END + ?',
            [nowMicros, nowMicros, nows.length * this.intervalMicros],
          ),
        },
        ['next_free_at'],
      );
    return row && Number(row.next_free_at);
  }
}

interface Reservation {
  now: number;
  callSid?: string;
}

interface Release {
  callSid: string;
  now: number;
}
