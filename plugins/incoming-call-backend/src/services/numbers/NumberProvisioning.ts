import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import {
  type AvailableNumber,
  countryOfNumber,
  type FieldProblem,
  type Integration,
  type IntegrationConfig,
  type IntegrationDeletion,
  type Money,
  NO_INTEGRATION_VERSION,
  type NumberCountry,
  type NumberType,
  type OwnedNumber,
  type PhoneNumberEntry,
} from '@icr/plugin-incoming-call-common';
import {
  type IntegrationStore,
  StaleIntegrationVersionError,
} from '../../database/IntegrationStore';
import type { NumberPurchase, NumberStore } from '../../database/NumberStore';
import type { Clock } from '../../lib/clock';
import type { AccountNumber, TwilioNumbers } from '../../twilio/TwilioNumbers';

/** How long a save may hold a team's numbers before another may take over. */
const LOCK_TTL_MS = 2 * 60_000;
/** How long the countries Twilio sells in are kept. */
const COUNTRIES_TTL_MS = 60 * 60_000;

/** The caps of numbers held (`incomingCall.numbers`). */
export interface NumberCaps {
  maxPerTeam: number;
  maxTotal: number;
}

/** What a save does to the numbers of the stored integration. */
interface NumberPlan {
  /** The config's entries, those kept as stored. */
  entries: PhoneNumberEntry[];
  buy: PhoneNumberEntry[];
  attach: PhoneNumberEntry[];
  /** Stored numbers the config no longer has. */
  letGo: PhoneNumberEntry[];
  problems: FieldProblem[];
}

const heldAs = {
  purchased: (n: string) =>
    `${n} was not bought for this integration: to buy it, send it with source "buy"`,
  attached: (n: string) =>
    `${n} is not attached to this integration: to attach it, send it with source "attach"`,
};

/** The numbers a config asks for, against those the stored integration holds. */
function planNumbers(
  stored: Integration | undefined,
  config: IntegrationConfig,
): NumberPlan {
  const held = new Map(stored?.config.numbers.map(n => [n.number, n]));
  const plan: NumberPlan = {
    entries: [],
    buy: [],
    attach: [],
    letGo: [],
    problems: [],
  };
  config.numbers.forEach((entry, index) => {
    const kept = held.get(entry.number);
    if (entry.source === 'purchased' || entry.source === 'attached') {
      // Only the server says how a number is held.
      if (kept?.source !== entry.source) {
        plan.problems.push({
          path: `numbers.${index}.source`,
          message: heldAs[entry.source](entry.number),
        });
      }
    } else if (!kept) {
      plan[entry.source].push(entry);
    }
    plan.entries.push(kept ?? entry);
  });
  const asked = new Set(config.numbers.map(n => n.number));
  plan.letGo = [...held.values()].filter(n => !asked.has(n.number));
  return plan;
}

const changesNumbers = (plan: NumberPlan) =>
  plan.buy.length + plan.attach.length + plan.letGo.length > 0;

const notInAccount = (number: string) =>
  `${number} is not a number of the Twilio account: buy it instead`;

const describeTaken = (taken: Map<string, string>) =>
  [...taken].map(([number, team]) => `${number} already routes to ${team}`);

/**
 * Buys, attaches and lets go of a team's numbers as its integration is
 * saved or deleted, with no half state: nothing is bought before the caps
 * and the lookups pass; a purchase is recorded before Twilio is asked
 * (the number is the key), so it is made once; a purchase whose save then
 * failed is finished or released by the team's next save; one save of a
 * team's numbers runs at a time, across replicas.
 */
export class NumberProvisioning {
  #countries?: { at: number; countries: Promise<NumberCountry[]> };

  constructor(
    private readonly deps: {
      integrations: IntegrationStore;
      numbers: NumberStore;
      /** Undefined without `incomingCall.twilio`: numbers are then recorded as given. */
      twilio: TwilioNumbers | undefined;
      caps: NumberCaps;
      /** What a number costs a month (`incomingCall.pricing.numberMonthly`). */
      monthlyPrice: Money;
      logger: LoggerService;
      clock: Clock;
    },
  ) {}

  /**
   * Whether saving `config` would buy, attach or let go of numbers (which
   * needs `incoming-call.number.manage`), and the problems of its numbers'
   * sources, at their fields.
   */
  async check(
    teamRef: string,
    config: IntegrationConfig,
  ): Promise<{ changesNumbers: boolean; problems: FieldProblem[] }> {
    const plan = planNumbers(
      await this.deps.integrations.getByTeam(teamRef),
      config,
    );
    return { changesNumbers: changesNumbers(plan), problems: plan.problems };
  }

  /** The numbers `config` attaches that the Twilio account does not have, at their fields. */
  async unknownToAccount(
    teamRef: string,
    config: IntegrationConfig,
  ): Promise<FieldProblem[]> {
    const plan = planNumbers(
      await this.deps.integrations.getByTeam(teamRef),
      config,
    );
    return (await this.lookUp(plan.attach))
      .filter(({ found }) => found === null)
      .map(({ entry }) => ({
        path: `numbers.${config.numbers.indexOf(entry)}.number`,
        message: notInAccount(entry.number),
      }));
  }

  /**
   * Saves the integration, buying the numbers asked for with `buy`,
   * pointing those asked for with `attach` at the plugin's webhooks, and
   * letting go (releasing or restoring) the ones it no longer has.
   */
  async save(options: {
    teamRef: string;
    config: IntegrationConfig;
    updatedBy: string;
    editedVersion?: number;
  }): Promise<Integration> {
    const { teamRef, config, editedVersion } = options;
    const { integrations } = this.deps;
    const unlocked = planNumbers(await integrations.getByTeam(teamRef), config);
    if (!changesNumbers(unlocked) && unlocked.problems.length === 0) {
      // Nothing to buy or let go: the numbers as stored, with their SIDs.
      return integrations.save({
        ...options,
        config: { ...config, numbers: unlocked.entries },
      });
    }
    return this.locked(teamRef, async () => {
      const stored = await integrations.getByTeam(teamRef);
      // Refused before anything is bought, as the store would after.
      const storedVersion = stored?.version ?? NO_INTEGRATION_VERSION;
      if (editedVersion !== undefined && editedVersion !== storedVersion) {
        throw stored
          ? new StaleIntegrationVersionError({
              version: stored.version,
              updatedAt: stored.updatedAt,
              updatedBy: stored.updatedBy,
            })
          : new ConflictError(
              `${teamRef} has no saved integration of version ${editedVersion}`,
            );
      }
      const plan = planNumbers(stored, config);
      const toAttach = await this.lookUp(plan.attach);
      const missing = toAttach.filter(({ found }) => found === null);
      const changed = [
        ...plan.problems.map(p => p.message),
        ...missing.map(({ entry }) => notInAccount(entry.number)),
      ];
      if (changed.length > 0) {
        throw new ConflictError(
          `The numbers changed meanwhile: ${changed.join('; ')}`,
        );
      }
      const adding = [...plan.buy, ...plan.attach];
      if (adding.length > 0) await this.checkCaps(teamRef, plan.entries);
      const taken = await this.deps.numbers.teamsRouting(
        adding.map(n => n.number),
      );
      if (taken.size > 0) {
        throw new ConflictError(describeTaken(taken).join('; '));
      }
      const adopted = await this.settlePurchases(teamRef, stored, plan.buy);

      const entries = new Map<string, PhoneNumberEntry>();
      const bought: NumberPurchase[] = [];
      const attached: PhoneNumberEntry[] = [];
      try {
        for (const entry of plan.buy) {
          const sid =
            adopted.get(entry.number) ??
            (await this.buy(teamRef, entry.number, bought));
          entries.set(entry.number, {
            number: entry.number,
            country: entry.country,
            source: 'purchased',
            sid,
          });
        }
        for (const { entry, found } of toAttach) {
          // Without Twilio, a number is recorded as given (pointed by hand).
          const held = found
            ? await this.attach(entry, found, attached)
            : { ...entry, source: 'attached' as const };
          entries.set(entry.number, held);
        }
      } catch (error) {
        // A failed purchase or attach leaves nothing bought or pointed.
        await this.undo(bought, attached);
        throw error;
      }

      let saved: Integration;
      try {
        saved = await integrations.save({
          ...options,
          config: {
            ...config,
            numbers: plan.entries.map(e => entries.get(e.number) ?? e),
          },
        });
      } catch (error) {
        // The purchases stay recorded: the next save finishes or releases them.
        await this.undo([], attached);
        throw error;
      }
      await this.deps.numbers.forget(plan.buy.map(n => n.number));
      await this.letGo(teamRef, plan.letGo);
      return saved;
    });
  }

  /**
   * Deletes the team's integration: releases its bought numbers, gives its
   * attached ones back their previous voice settings, then deletes it.
   * Deleting what is gone finds nothing to do.
   */
  async delete(teamRef: string): Promise<IntegrationDeletion> {
    return this.locked(teamRef, async () => {
      const stored = await this.deps.integrations.getByTeam(teamRef);
      const numbers = stored?.config.numbers ?? [];
      await this.settlePurchases(teamRef, stored, []);
      if (numbers.some(n => n.sid)) this.requireTwilio('release numbers');
      const result: IntegrationDeletion = { released: [], restored: [] };
      for (const n of numbers) {
        if (n.source === 'purchased' && n.sid) {
          await this.deps.twilio!.release(n.sid, n.number);
          result.released.push(n.number);
        } else if (n.source === 'attached' && n.sid && n.previous) {
          await this.deps.twilio!.restore(n.sid, n.number, n.previous);
          result.restored.push(n.number);
        }
      }
      if (stored) await this.deps.integrations.delete(teamRef);
      return result;
    });
  }

  /** The countries Twilio sells numbers in, kept for an hour. */
  async countries(): Promise<NumberCountry[]> {
    const twilio = this.requireTwilio('list countries');
    const now = this.deps.clock.now();
    if (!this.#countries || now - this.#countries.at > COUNTRIES_TTL_MS) {
      const countries = twilio.countries();
      this.#countries = { at: now, countries };
      // A failure is not kept: the next request asks again.
      countries.catch(() => {
        if (this.#countries?.countries === countries)
          this.#countries = undefined;
      });
    }
    return this.#countries.countries;
  }

  /** Numbers for sale, each with its monthly price. */
  async search(query: {
    country: string;
    type: NumberType;
    areaCode?: string;
    contains?: string;
  }): Promise<AvailableNumber[]> {
    const offers = await this.requireTwilio('search numbers').search(query);
    return offers.map(o => ({ ...o, monthlyPrice: this.deps.monthlyPrice }));
  }

  /** The account's numbers, each with the team it routes to, if any. */
  async owned(): Promise<OwnedNumber[]> {
    const numbers = await this.requireTwilio('list numbers').owned();
    const teams = await this.deps.numbers.teamsRouting(
      numbers.map(n => n.number),
    );
    return numbers.map(n => {
      const country = countryOfNumber(n.number);
      const teamRef = teams.get(n.number);
      return {
        number: n.number,
        sid: n.sid,
        friendlyName: n.friendlyName,
        ...(country && { country }),
        capabilities: n.capabilities,
        voiceUrl: n.voiceUrl,
        ...(teamRef && { teamRef }),
      };
    });
  }

  private requireTwilio(what: string): TwilioNumbers {
    if (!this.deps.twilio) {
      throw new ServiceUnavailableError(
        `Cannot ${what}: incomingCall.twilio is not configured`,
      );
    }
    return this.deps.twilio;
  }

  /** Runs `work` holding the team's provisioning lock, or 409. */
  private async locked<T>(teamRef: string, work: () => Promise<T>) {
    const holder = randomUUID();
    if (!(await this.deps.numbers.lock(teamRef, holder, LOCK_TTL_MS))) {
      throw new ConflictError(
        `Another save of ${teamRef}'s numbers is in progress; try again in a moment`,
      );
    }
    try {
      return await work();
    } finally {
      await this.deps.numbers.unlock(teamRef, holder);
    }
  }

  private async checkCaps(teamRef: string, entries: PhoneNumberEntry[]) {
    const { maxPerTeam, maxTotal } = this.deps.caps;
    if (entries.length > maxPerTeam) {
      throw new ConflictError(
        `A team may hold at most ${maxPerTeam} numbers (incomingCall.numbers.maxPerTeam); this save would give ${teamRef} ${entries.length}`,
      );
    }
    const total =
      (await this.deps.numbers.countOutside(teamRef)) + entries.length;
    if (total > maxTotal) {
      throw new ConflictError(
        `The organisation may hold at most ${maxTotal} numbers (incomingCall.numbers.maxTotal); this save would make ${total}`,
      );
    }
  }

  /**
   * The team's purchases left by saves that failed (under the lock, no
   * other save of the team is running): one saved since is settled, one
   * asked for again is taken as bought (its SID, by number), any other is
   * released.
   */
  private async settlePurchases(
    teamRef: string,
    stored: Integration | undefined,
    buy: PhoneNumberEntry[],
  ): Promise<Map<string, string>> {
    const adopted = new Map<string, string>();
    const purchases = await this.deps.numbers.purchasesOf(teamRef);
    const saved = new Set(stored?.config.numbers.map(n => n.number));
    const asked = new Set(buy.map(n => n.number));
    for (const purchase of purchases) {
      if (saved.has(purchase.number)) {
        await this.deps.numbers.forget([purchase.number]);
        continue;
      }
      const twilio = this.requireTwilio('settle an earlier purchase');
      // A lost answer: Twilio knows the purchase by its friendly name.
      const sid =
        purchase.sid ?? (await twilio.findPurchase(purchase.purchaseKey));
      if (sid && asked.has(purchase.number)) {
        adopted.set(purchase.number, sid);
        this.deps.logger.info(
          `Finishing the purchase of ${purchase.number} for ${teamRef} left by a save that failed`,
        );
        continue;
      }
      if (sid) {
        await twilio.release(sid, purchase.number);
        this.deps.logger.info(
          `Released ${purchase.number}, bought for ${teamRef} by a save that failed`,
        );
      }
      await this.deps.numbers.forget([purchase.number]);
    }
    return adopted;
  }

  /**
   * The numbers to attach, each as the account has it: `null` when the
   * account has no such number, undefined without Twilio.
   */
  private async lookUp(attach: PhoneNumberEntry[]) {
    const twilio = this.deps.twilio;
    return Promise.all(
      attach.map(async entry => ({
        entry,
        found: twilio && ((await twilio.find(entry.number)) ?? null),
      })),
    );
  }

  /** Buys a number, recorded first; returns its SID. */
  private async buy(
    teamRef: string,
    number: string,
    bought: NumberPurchase[],
  ): Promise<string> {
    const twilio = this.requireTwilio('buy numbers');
    const purchase: NumberPurchase = {
      number,
      teamRef,
      purchaseKey: `incoming-call ${randomUUID()}`,
    };
    const other = await this.deps.numbers.startPurchase(purchase);
    if (other) {
      throw new ConflictError(
        `${number} is being bought for ${other.teamRef}; choose another number`,
      );
    }
    let sid: string;
    try {
      sid = await twilio.buy(number, purchase.purchaseKey);
    } catch (error) {
      await this.deps.numbers.forget([number]);
      throw error;
    }
    bought.push({ ...purchase, sid });
    await this.deps.numbers.purchased(number, sid);
    return sid;
  }

  private async attach(
    entry: PhoneNumberEntry,
    found: AccountNumber,
    attached: PhoneNumberEntry[],
  ): Promise<PhoneNumberEntry> {
    const held: PhoneNumberEntry = {
      number: entry.number,
      country: entry.country,
      source: 'attached',
      sid: found.sid,
      previous: {
        voiceUrl: found.voiceUrl,
        voiceFallbackUrl: found.voiceFallbackUrl,
        statusCallback: found.statusCallback,
      },
    };
    await this.deps.twilio!.attach(found.sid, entry.number);
    attached.push(held);
    return held;
  }

  /** Best effort after a failure: releases `bought`, restores `attached`. */
  private async undo(bought: NumberPurchase[], attached: PhoneNumberEntry[]) {
    const twilio = this.deps.twilio;
    if (!twilio) return;
    for (const purchase of bought) {
      try {
        await twilio.release(purchase.sid!, purchase.number);
        await this.deps.numbers.forget([purchase.number]);
      } catch (error) {
        // Still recorded: the team's next save releases it.
        this.deps.logger.warn(
          `Could not release ${purchase.number} after a failed save: ${error}`,
        );
      }
    }
    for (const n of attached) {
      await this.restoreQuietly(n);
    }
  }

  /** Releases or restores numbers a saved config no longer has. */
  private async letGo(teamRef: string, numbers: PhoneNumberEntry[]) {
    const twilio = this.deps.twilio;
    for (const n of numbers) {
      if (!twilio || !n.sid) continue;
      if (n.source === 'purchased') {
        try {
          await twilio.release(n.sid, n.number);
        } catch (error) {
          // Recorded as a purchase of the team: its next save releases it.
          this.deps.logger.warn(
            `Could not release ${n.number}; the next save of ${teamRef} will: ${error}`,
          );
          await this.deps.numbers.startPurchase({
            number: n.number,
            teamRef,
            purchaseKey: `incoming-call ${randomUUID()}`,
            sid: n.sid,
          });
        }
      } else {
        await this.restoreQuietly(n);
      }
    }
  }

  private async restoreQuietly(n: PhoneNumberEntry) {
    if (!this.deps.twilio || !n.sid || !n.previous) return;
    try {
      await this.deps.twilio.restore(n.sid, n.number, n.previous);
    } catch (error) {
      this.deps.logger.warn(
        `Could not give ${n.number} back its previous voice URLs: ${error}`,
      );
    }
  }
}
