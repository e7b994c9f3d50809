import type { Knex } from 'knex';
import type { Clock } from '../lib/clock';

/** A number being bought, or bought and not yet saved with its integration. */
export interface NumberPurchase {
  number: string;
  teamRef: string;
  /** The Twilio friendly name it is bought under: finds it at Twilio. */
  purchaseKey: string;
  /** Twilio's SID, once Twilio has sold it. */
  sid?: string;
}

interface PurchaseRow {
  number: string;
  team_ref: string;
  purchase_key: string;
  sid: string | null;
  created_at: number | string;
}

const toPurchase = (row: PurchaseRow): NumberPurchase => ({
  number: row.number,
  teamRef: row.team_ref,
  purchaseKey: row.purchase_key,
  ...(row.sid && { sid: row.sid }),
});

/**
 * The bookkeeping of buying numbers: purchases in flight (a number's row is
 * written before Twilio is asked, so it is bought once), the lock that
 * lets one save of a team's numbers run at a time across replicas, and the
 * counts the caps are checked against.
 */
export class NumberStore {
  constructor(private readonly db: Knex, private readonly clock: Clock) {}

  /**
   * Takes the team's provisioning lock for `ttlMs` as `holder`: true when
   * it is free, expired (its holder died) or already `holder`'s.
   */
  async lock(teamRef: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    await this.db('number_provisioning_locks')
      .insert({ team_ref: teamRef, holder, expires_at: now + ttlMs })
      .onConflict('team_ref')
      .ignore();
    // Two takers of an expired lock: the row's update lets one through.
    const taken = await this.db('number_provisioning_locks')
      .where({ team_ref: teamRef })
      .andWhere(q => q.where({ holder }).orWhere('expires_at', '<', now))
      .update({ holder, expires_at: now + ttlMs });
    return taken === 1;
  }

  async unlock(teamRef: string, holder: string): Promise<void> {
    await this.db('number_provisioning_locks')
      .where({ team_ref: teamRef, holder })
      .delete();
  }

  /** The team's purchases not yet settled. */
  async purchasesOf(teamRef: string): Promise<NumberPurchase[]> {
    const rows = await this.db<PurchaseRow>('number_purchases')
      .where({ team_ref: teamRef })
      .orderBy('number');
    return rows.map(toPurchase);
  }

  /**
   * Records a purchase about to be made (or, with its SID, one made). When
   * the number has a purchase already, nothing is written and that one is
   * returned.
   */
  async startPurchase(
    purchase: NumberPurchase,
  ): Promise<NumberPurchase | undefined> {
    const written = await this.db('number_purchases')
      .insert({
        number: purchase.number,
        team_ref: purchase.teamRef,
        purchase_key: purchase.purchaseKey,
        sid: purchase.sid ?? null,
        created_at: this.clock.now(),
      })
      .onConflict('number')
      .ignore()
      .returning('number');
    if (written.length === 1) return undefined;
    const existing = await this.db<PurchaseRow>('number_purchases')
      .where({ number: purchase.number })
      .first();
    // Settled between the insert and the read: the number is free again.
    return existing ? toPurchase(existing) : this.startPurchase(purchase);
  }

  /** Twilio sold the number: its SID. */
  async purchased(number: string, sid: string): Promise<void> {
    await this.db('number_purchases').where({ number }).update({ sid });
  }

  /** The purchases are settled: saved with their integration, or released. */
  async forget(numbers: readonly string[]): Promise<void> {
    if (numbers.length === 0) return;
    await this.db('number_purchases').whereIn('number', numbers).delete();
  }

  /** The team each of `numbers` routes to, for those that route anywhere. */
  async teamsRouting(numbers: readonly string[]): Promise<Map<string, string>> {
    if (numbers.length === 0) return new Map();
    const rows: { number: string; team_ref: string }[] = await this.db(
      'phone_numbers',
    )
      .join('integrations', 'integrations.id', 'phone_numbers.integration_id')
      .whereIn('phone_numbers.number', [...new Set(numbers)])
      .select('phone_numbers.number', 'integrations.team_ref');
    return new Map(rows.map(r => [r.number, r.team_ref]));
  }

  /** How many numbers route to teams other than `teamRef`. */
  async countOutside(teamRef: string): Promise<number> {
    const [{ n }] = await this.db('phone_numbers')
      .join('integrations', 'integrations.id', 'phone_numbers.integration_id')
      .whereNot('integrations.team_ref', teamRef)
      .count({ n: '*' });
    return Number(n);
  }
}
