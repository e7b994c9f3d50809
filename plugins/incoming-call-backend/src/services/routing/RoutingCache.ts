import type { Integration } from '@icr/plugin-incoming-call-common';
import type { Override } from '../../domain/roster/onCall';
import type { IntegrationStore } from '../../database/IntegrationStore';
import type { OverrideStore } from '../../database/OverrideStore';
import type { RoutingVersionStore } from '../../database/RoutingVersionStore';
import type {
  StatusMessageStore,
  TeamStatusMessage,
} from '../../database/StatusMessageStore';
import type { Clock } from '../../lib/clock';

/** What deciding arriving calls reads, as of a routing version. */
export interface RoutingView {
  version: number;
  /** The integration each number routes to; absent: none. */
  integrationOf(number: string): Integration | undefined;
  /** The overrides that had not ended when the view was read. */
  overrides: readonly Override[];
  /** Outage mode: the status message a team's callers hear, when switched on. */
  statusMessageOf(teamRef: string): TeamStatusMessage | undefined;
}

interface Held {
  version: number;
  readAt: number;
  /** Looked-up numbers; `undefined` remembers that no integration owns one. */
  byNumber: Map<string, Integration | undefined>;
  overrides: Override[];
  statusMessages: Map<string, TeamStatusMessage>;
}

/** A view older than this is read again, shedding ended overrides. */
const MAX_AGE_MS = 5 * 60_000;

/**
 * The integrations and overrides that decide arriving calls, kept by this
 * replica so that a webhook does not wait to read them. Kept, not trusted:
 * whoever records a call decided from a view checks, in the same
 * statement, that the routing version is still the view's (every change
 * to integrations, numbers or overrides moves it on), and on a mismatch
 * drops the view and decides again. So a change made on any replica
 * counts from the next call on every replica.
 */
export class RoutingCache {
  private held?: Promise<Held>;
  /** The last view read in full, kept through failures for degraded mode. */
  private lastGood?: {
    /** The live map it was copied from: copied again once it grows. */
    source: Map<string, Integration | undefined>;
    sourceSize: number;
    byNumber: Map<string, Integration | undefined>;
    overrides: Override[];
  };

  constructor(
    private readonly deps: {
      routingVersion: Pick<RoutingVersionStore, 'read'>;
      integrations: Pick<IntegrationStore, 'getByNumbers'>;
      overrides: Pick<OverrideStore, 'inForceDuring'>;
      /**
       * The status messages switched on; a change moves the routing version
       * on, like an integration's. None in some tests.
       */
      statusMessages?: Pick<StatusMessageStore, 'switchedOn'>;
      clock: Clock;
    },
  ) {}

  /** The view, with `numbers` looked up. */
  async view(numbers: readonly string[]): Promise<RoutingView> {
    const now = this.deps.clock.now();
    const { version, byNumber, overrides, statusMessages } = await this.current(
      now,
    );
    const missing = [...new Set(numbers)].filter(n => !byNumber.has(n));
    if (missing.length > 0) {
      // Read after the version: at least as new as it, checked all the same.
      const found = await this.deps.integrations.getByNumbers(missing);
      missing.forEach(n => byNumber.set(n, found.get(n)));
    }
    this.remember(byNumber, overrides);
    return {
      version,
      integrationOf: n => byNumber.get(n),
      overrides,
      statusMessageOf: teamRef => statusMessages.get(teamRef),
    };
  }

  /**
   * The last view this replica read, whatever its age, without touching
   * the database: what a call is answered from while the store cannot be
   * reached (degraded mode). Numbers never looked up are unknown to it.
   * Degraded mode plays no status message.
   */
  lastKnown(): Omit<RoutingView, 'version' | 'statusMessageOf'> | undefined {
    const held = this.lastGood;
    if (!held) return undefined;
    return {
      integrationOf: n => held.byNumber.get(n),
      overrides: held.overrides,
    };
  }

  /** Forgets the view: the next one is read afresh. */
  invalidate(): void {
    this.held = undefined;
  }

  /**
   * Keeps what was read for `lastKnown`, in a copy (the live view must not
   * take entries of an older one); numbers of earlier views carry over.
   */
  private remember(
    byNumber: Map<string, Integration | undefined>,
    overrides: Override[],
  ) {
    const previous = this.lastGood;
    if (
      previous?.source === byNumber &&
      previous.sourceSize === byNumber.size
    ) {
      return;
    }
    this.lastGood = {
      source: byNumber,
      sourceSize: byNumber.size,
      byNumber: new Map([...(previous?.byNumber ?? []), ...byNumber]),
      overrides,
    };
  }

  private current(now: number): Promise<Held> {
    const held = this.held;
    if (held) {
      return held.then(h => {
        if (now - h.readAt < MAX_AGE_MS) return h;
        if (this.held === held) this.held = undefined;
        return this.current(now);
      });
    }
    const reading = this.read(now);
    this.held = reading;
    // A failed read is not kept: the next call tries again.
    reading.catch(() => {
      if (this.held === reading) this.held = undefined;
    });
    return reading;
  }

  private async read(now: number): Promise<Held> {
    const { routingVersion, overrides, statusMessages } = this.deps;
    // The version first: what is read after it is at least as new.
    const version = await routingVersion.read();
    return {
      version,
      readAt: now,
      byNumber: new Map(),
      // A minute early: a call that arrived just before counts its overrides.
      overrides: await overrides.inForceDuring(new Date(now - 60_000)),
      statusMessages: (await statusMessages?.switchedOn()) ?? new Map(),
    };
  }
}
