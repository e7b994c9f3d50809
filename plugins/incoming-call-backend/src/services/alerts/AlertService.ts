import { ConflictError, NotFoundError } from '@backstage/errors';
import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import type {
  Alert,
  AlertEvent,
  AlertListQuery,
  AlertPage,
  AlertSearchQuery,
  AlertWithTimeline,
  RoutingSnapshot,
} from '@icr/plugin-incoming-call-common';
import type { AlertQuery, AlertResource } from '@icr/plugin-incoming-call-node';
import type {
  AlertAccess,
  AlertAction,
  AlertStore,
} from '../../database/AlertStore';
import { loadTeamResource } from '../../domain/permissions/loadTeamResource';
import type { Clock } from '../../lib/clock';
import type { NotificationService } from '../notifications/NotificationService';
import type { AlertSignals } from './AlertSignals';

/** An action that changed nothing: the alert as it is, for the 409. */
export class AlertConflictError extends ConflictError {
  constructor(message: string, readonly alert: Alert) {
    super(message);
  }
}

const CONFLICTS: Record<AlertAction, (alert: Alert) => string> = {
  acknowledge: alert =>
    alert.status === 'closed'
      ? 'The alert is closed'
      : 'The alert is already acknowledged',
  close: () => 'The alert is already closed',
  reopen: () => 'The alert is not closed',
};

/**
 * Alerts as people see and handle them: the timeline with display names
 * from the catalog, the manual actions (each an event with its actor,
 * idempotent across replicas), searching, and the alert as a permission
 * resource. Every change is signalled after it commits.
 */
export class AlertService {
  constructor(
    private readonly deps: {
      alerts: AlertStore;
      catalog: { snapshot(): Promise<RoutingSnapshot> };
      signals: AlertSignals;
      clock: Clock;
      /** Cancels the notifications still waiting once someone acknowledges or closes. */
      notifications?: Pick<NotificationService, 'alertHandled'>;
    },
  ) {}

  /** The alerts as permission resources (undefined for unknown ids). */
  async resources(ids: string[]): Promise<Array<AlertResource | undefined>> {
    const snapshot = await this.deps.catalog.snapshot();
    return Promise.all(
      ids.map(async id => {
        const alert = await this.deps.alerts.get(id);
        if (!alert) return undefined;
        return {
          id,
          teamRef: alert.teamRef,
          memberRefs:
            loadTeamResource(snapshot, alert.teamRef)?.memberRefs ?? [],
          responderRefs: alert.responderRefs,
        };
      }),
    );
  }

  /** A policy's conditions on alerts as the store's criteria. */
  async accessFor(
    criteria: PermissionCriteria<AlertQuery>,
  ): Promise<AlertAccess> {
    const snapshot = await this.deps.catalog.snapshot();
    const teamsOf = (userRef: string) =>
      [...snapshot.teams.keys()].filter(teamRef =>
        loadTeamResource(snapshot, teamRef)?.memberRefs.includes(userRef),
      );
    const map = (c: PermissionCriteria<AlertQuery>): AlertAccess => {
      if ('allOf' in c) return { allOf: c.allOf.map(map) as NonEmpty };
      if ('anyOf' in c) return { anyOf: c.anyOf.map(map) as NonEmpty };
      if ('not' in c) return { not: map(c.not) };
      return { teamRefs: teamsOf(c.participant), responderRef: c.participant };
    };
    return map(criteria);
  }

  async search(
    query: AlertListQuery & Partial<AlertSearchQuery>,
    access?: AlertAccess,
  ): Promise<AlertPage> {
    const page = await this.deps.alerts.search(query, access);
    const snapshot = await this.deps.catalog.snapshot();
    return { ...page, items: page.items.map(a => withNames(a, snapshot)) };
  }

  /** One alert with its timeline, names filled in; 404 when there is none. */
  async get(id: string): Promise<AlertWithTimeline> {
    const alert = await this.deps.alerts.getWithTimeline(id);
    if (!alert) throw new NotFoundError(`There is no alert ${id}`);
    const snapshot = await this.deps.catalog.snapshot();
    return {
      ...withNames(alert, snapshot),
      events: alert.events.map(e => eventWithNames(e, snapshot)),
    };
  }

  /** Acknowledge, close or reopen: the alert, or AlertConflictError. */
  async act(id: string, action: AlertAction, actorRef: string): Promise<Alert> {
    const result = await this.deps.alerts.act(
      id,
      action,
      actorRef,
      new Date(this.deps.clock.now()),
    );
    if (!result) throw new NotFoundError(`There is no alert ${id}`);
    const snapshot = await this.deps.catalog.snapshot();
    const alert = withNames(result.alert, snapshot);
    if (!result.changed) {
      throw new AlertConflictError(CONFLICTS[action](alert), alert);
    }
    this.deps.signals.publish(id, alert.teamRef, 'updated');
    if (action !== 'reopen') await this.deps.notifications?.alertHandled(id);
    return alert;
  }

  async addNote(
    id: string,
    text: string,
    actorRef: string,
  ): Promise<AlertEvent> {
    const alert = await this.deps.alerts.get(id);
    if (!alert) throw new NotFoundError(`There is no alert ${id}`);
    const event = await this.deps.alerts.addEvent(id, {
      type: 'note',
      message: text,
      actorRef,
      at: new Date(this.deps.clock.now()),
    });
    this.deps.signals.publish(id, alert.teamRef, 'event');
    return eventWithNames(event, await this.deps.catalog.snapshot());
  }
}

type NonEmpty = [AlertAccess, ...AlertAccess[]];

const nameOf = (snapshot: RoutingSnapshot, ref: string | null) =>
  ref ? snapshot.users.get(ref)?.displayName : undefined;

function withNames<T extends Alert>(alert: T, snapshot: RoutingSnapshot): T {
  const { responderRefs: _, ...rest } = alert as T & {
    responderRefs?: unknown;
  };
  const answeredByName = nameOf(snapshot, alert.answeredBy);
  const teamName = snapshot.teams.get(alert.teamRef)?.displayName;
  return {
    ...(rest as T),
    ...(answeredByName && { answeredByName }),
    ...(teamName && { teamName }),
  };
}

function eventWithNames(
  event: AlertEvent,
  snapshot: RoutingSnapshot,
): AlertEvent {
  const userName = nameOf(snapshot, event.userRef);
  const actorName = nameOf(snapshot, event.actorRef);
  return {
    ...event,
    ...(userName && { userName }),
    ...(actorName && { actorName }),
  };
}
