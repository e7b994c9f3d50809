import type { Knex } from 'knex';
import {
  AlertStore,
  type NewAlert,
  type NewAlertEvent,
} from '../store/AlertStore';
import { type CallSession, CallStore } from './CallStore';

/** Everything recorded when a call arrives. */
export interface CallOpening {
  alertId: string;
  alert: NewAlert;
  events: NewAlertEvent[];
  session: Omit<CallSession, 'version'>;
  at: Date;
}

interface Pending {
  opening: CallOpening;
  done: (error?: unknown) => void;
}

/** How many arriving calls one transaction records at most. */
const MAX_BATCH = 250;

/**
 * Records arriving calls with group commit: while one transaction is being
 * written, the calls arriving meanwhile queue for the next, which records
 * them all in a handful of statements. A lone call is written at once; a
 * burst of hundreds shares a few commits instead of queueing for the
 * connection pool one by one. Each webhook still answers only once its call
 * is stored.
 */
export class CallOpenings {
  private readonly queue: Pending[] = [];
  private writing = false;

  constructor(private readonly db: Knex) {}

  record(opening: CallOpening): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        opening,
        done: error => (error ? reject(error) : resolve()),
      });
      if (!this.writing) void this.writeQueued();
    });
  }

  private async writeQueued() {
    this.writing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        await this.write(batch.map(p => p.opening));
        batch.forEach(p => p.done());
      } catch (error) {
        if (batch.length === 1) {
          batch[0].done(error);
          continue;
        }
        // One bad call (a duplicate webhook) must not fail the others.
        for (const pending of batch) {
          await this.write([pending.opening]).then(
            () => pending.done(),
            pending.done,
          );
        }
      }
    }
    this.writing = false;
  }

  private async write(openings: CallOpening[]) {
    await this.db.transaction(async tx => {
      await new AlertStore(tx).createMany(
        openings.map(o => ({
          id: o.alertId,
          alert: o.alert,
          events: o.events,
        })),
      );
      // The primary key on the call SID stops a second replica (or Twilio's
      // retry) that got the same webhook: its transaction is rolled back.
      await new CallStore(tx).startSessions(
        openings.map(o => ({
          session: { ...o.session, alertId: o.alertId },
          at: o.at,
        })),
      );
    });
  }
}
