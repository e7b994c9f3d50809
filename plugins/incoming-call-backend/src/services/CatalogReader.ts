import type {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { RoutingSnapshot } from '@icr/plugin-incoming-call-common';
import { buildSnapshot } from '../domain/catalog/buildSnapshot';
import type { Clock } from '../lib/clock';

const ROUTING_KINDS = ['User', 'Group', 'Schedule', 'Escalation'];
/** A miss re-reads a snapshot older than this. */
const MISS_REFRESH_MS = 5_000;

/**
 * The one place the backend reads the catalog: it keeps a routing snapshot
 * and refreshes it on a schedule, so requests and calls never wait on the
 * catalog.
 */
export class CatalogReader {
  #current?: Promise<RoutingSnapshot>;
  /** When the current snapshot was read (ms). */
  #readAt = 0;
  #hasRead = false;
  #firstRead: Promise<void>;
  #markRead!: () => void;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      clock: Clock;
    },
  ) {
    this.#firstRead = new Promise(resolve => {
      this.#markRead = resolve;
    });
  }

  /**
   * Whether the catalog has been read once. Until then the plugin has no
   * view to route with: its API answers 503 and calls wait for the read.
   */
  hasRead(): boolean {
    return this.#hasRead;
  }

  /**
   * Waits for the first read of the catalog (starting one when none is on
   * its way), at most `timeoutMs`: true once it is done, false when the
   * time ran out first (a read that fails is tried again by the next).
   */
  async waitForFirstRead(timeoutMs: number): Promise<boolean> {
    if (this.#hasRead) return true;
    this.snapshot().catch(() => {});
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<false>(resolve => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref?.();
    });
    try {
      return await Promise.race([this.#firstRead.then(() => true), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The latest snapshot; the first call waits for the first read. */
  snapshot(): Promise<RoutingSnapshot> {
    // A failed first read is not cached: the next request tries again.
    this.#current ??= this.read().catch(error => {
      this.#current = undefined;
      throw error;
    });
    return this.#current;
  }

  /**
   * Finds something in the snapshot. A miss re-reads the catalog once when
   * the snapshot is older than a few seconds, so an entity the catalog has
   * just ingested (a new team, a fresh start) does not wait for the next
   * scheduled refresh.
   */
  async find<T>(
    pick: (snapshot: RoutingSnapshot) => T | undefined,
  ): Promise<T | undefined> {
    const snapshot = await this.snapshot();
    const found = pick(snapshot);
    if (
      found !== undefined ||
      this.deps.clock.now() - this.#readAt < MISS_REFRESH_MS
    ) {
      return found;
    }
    await this.refresh();
    return pick(await this.snapshot());
  }

  /** Reads the catalog again; the previous snapshot serves until it is done. */
  async refresh(): Promise<void> {
    const next = await this.read();
    this.#current = Promise.resolve(next);
  }

  /** Refreshes every `intervalSeconds` on this replica. */
  async startRefreshing(scheduler: SchedulerService, intervalSeconds: number) {
    await scheduler.scheduleTask({
      id: 'incoming-call-catalog-snapshot',
      scope: 'local',
      frequency: { seconds: intervalSeconds },
      timeout: { minutes: 5 },
      fn: () => this.refresh(),
    });
    // The first read starts now, whatever the scheduler's first run: until
    // it lands the plugin is not ready. A failure is tried again by the
    // next request or scheduled refresh.
    this.snapshot().catch(error =>
      this.deps.logger.warn(
        `The first read of the catalog failed, it will be tried again: ${error}`,
      ),
    );
  }

  private async read(): Promise<RoutingSnapshot> {
    const { items } = await this.deps.catalog.getEntities(
      { filter: ROUTING_KINDS.map(kind => ({ kind })) },
      { credentials: await this.deps.auth.getOwnServiceCredentials() },
    );
    const problems: string[] = [];
    const snapshot = buildSnapshot(
      items,
      (ref, problem) => problems.push(`${ref}: ${problem}`),
    );
    if (problems.length > 0) {
      this.deps.logger.warn(
        `Left out of the routing snapshot: ${problems.join('; ')}`,
      );
    }
    // Served before anyone hears the view is ready.
    this.#readAt = this.deps.clock.now();
    this.#current = Promise.resolve(snapshot);
    if (!this.#hasRead) {
      this.#hasRead = true;
      this.#markRead();
      this.deps.logger.info(
        'Incoming call routing is ready: the catalog has been read',
      );
    }
    return snapshot;
  }
}
