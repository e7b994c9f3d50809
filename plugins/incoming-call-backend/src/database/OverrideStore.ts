import { randomUUID } from 'node:crypto';
import type { ScheduleOverride } from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import type { Override } from '../domain/roster/onCall';
import type { Clock } from '../lib/clock';
import { bumpRoutingVersion } from './RoutingVersionStore';

interface OverrideRow {
  id: string;
  schedule_ref: string;
  user_ref: string;
  start_at: number | string;
  end_at: number | string;
  created_by: string;
  created_at: number | string;
  /** The layer taken over; null for the whole schedule. */
  layer: string | null;
}

const toOverride = (row: OverrideRow): ScheduleOverride => ({
  id: row.id,
  scheduleRef: row.schedule_ref,
  userRef: row.user_ref,
  start: new Date(Number(row.start_at)).toISOString(),
  end: new Date(Number(row.end_at)).toISOString(),
  createdBy: row.created_by,
  layer: row.layer ?? undefined,
});

/** Schedule overrides made in the UI. */
export class OverrideStore {
  constructor(private readonly db: Knex, private readonly clock: Clock) {}

  async create(options: {
    scheduleRef: string;
    userRef: string;
    start: Date;
    end: Date;
    createdBy: string;
    /** The layer the user takes over; without one, the whole schedule. */
    layer?: string;
  }): Promise<ScheduleOverride> {
    const row: OverrideRow = {
      id: randomUUID(),
      schedule_ref: options.scheduleRef,
      user_ref: options.userRef,
      start_at: options.start.getTime(),
      end_at: options.end.getTime(),
      created_by: options.createdBy,
      created_at: this.clock.now(),
      layer: options.layer ?? null,
    };
    await this.db.transaction(async tx => {
      await tx('schedule_overrides').insert(row);
      await bumpRoutingVersion(tx);
    });
    return toOverride(row);
  }

  /** Removes an override of the schedule; false when there was none. */
  async delete(scheduleRef: string, id: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      const deleted = await tx('schedule_overrides')
        .where({ id, schedule_ref: scheduleRef })
        .delete();
      if (deleted > 0) await bumpRoutingVersion(tx);
      return deleted > 0;
    });
  }

  /** A schedule's overrides that have not ended by `now`, soonest first. */
  async listCurrent(
    scheduleRef: string,
    now: Date,
  ): Promise<ScheduleOverride[]> {
    const rows = await this.db<OverrideRow>('schedule_overrides')
      .where({ schedule_ref: scheduleRef })
      .where('end_at', '>', now.getTime())
      .orderBy('start_at');
    return rows.map(toOverride);
  }

  /** Every override in force at an instant, as the resolver reads them. */
  async inForceAt(at: Date): Promise<Override[]> {
    return this.inForceDuring(at, at);
  }

  /**
   * Every override in force at some instant from `from` on (up to `to`,
   * included, when given), newest first: what the resolver needs for any
   * instant in between, read once.
   */
  async inForceDuring(from: Date, to?: Date): Promise<Override[]> {
    let query = this.db<OverrideRow>('schedule_overrides').where(
      'end_at',
      '>',
      from.getTime(),
    );
    if (to) query = query.where('start_at', '<=', to.getTime());
    const rows = await query.orderBy('created_at', 'desc');
    return rows.map(row => ({
      scheduleRef: row.schedule_ref,
      userRef: row.user_ref,
      start: new Date(Number(row.start_at)),
      end: new Date(Number(row.end_at)),
      layer: row.layer ?? undefined,
    }));
  }
}
