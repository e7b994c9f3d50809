import type { Knex } from 'knex';
import { AlertStore } from './AlertStore';
import { CallStore } from './CallStore';
import { LineStore } from './LineStore';

/** The stores whose writes commit together. */
export interface TransactionStores {
  calls: CallStore;
  alerts: AlertStore;
  line: LineStore;
}

/** Runs `work` in one transaction: all its writes commit, or none. */
export type WithTransaction = <T>(
  work: (stores: TransactionStores) => Promise<T>,
) => Promise<T>;

export function createWithTransaction(db: Knex): WithTransaction {
  return work =>
    db.transaction(tx =>
      work({
        calls: new CallStore(tx),
        alerts: new AlertStore(tx),
        line: new LineStore(tx),
      }),
    );
}
