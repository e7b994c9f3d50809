import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  DEFAULT_INCIDENT_CONFIG,
  type Integration,
  type OpenIncident,
} from '@icr/plugin-incoming-call-common';
import type { IncidentStore } from '../../database/IncidentStore';
import type { ArrivalRecord } from '../../domain/arrival/arrivalRecord';
import type { CallSession } from '../../domain/engine/callSession';
import { decideGrouping } from '../../domain/incidents/decideGrouping';
import type { Clock } from '../../lib/clock';
import type { AlertSignals } from '../alerts/AlertSignals';

/** A call just recorded, with the integration it came in on. */
export interface RecordedCall {
  integration: Integration;
  record: ArrivalRecord;
}

/**
 * Outage mode: groups the calls of an integration that gets more than N
 * calls in M minutes under one incident (a parent alert), so that the team
 * gets one alert and one round of notifications, not one per caller.
 * Runs as a batch of arrivals is recorded, before the webhooks answer and
 * before the calls' notifications are enqueued (which skip grouped calls).
 */
export class IncidentService {
  constructor(
    private readonly deps: {
      store: IncidentStore;
      clock: Clock;
      logger: LoggerService;
      signals?: AlertSignals;
      /** An incident opened: notify once for it, for the call that opened it. */
      onOpened?: (
        parentAlertId: string,
        opener: CallSession,
        children: string[],
      ) => void;
    },
  ) {}

  /**
   * Groups the calls, integration by integration. Never fails: the calls
   * are recorded already, and a grouping that fails leaves them alerts of
   * their own (logged).
   */
  async group(calls: RecordedCall[]): Promise<void> {
    const byIntegration = new Map<string, RecordedCall[]>();
    for (const call of calls) {
      const id = call.integration.id;
      byIntegration.set(id, [...(byIntegration.get(id) ?? []), call]);
    }
    await Promise.all(
      [...byIntegration.values()].map(group =>
        this.groupOne(group).catch(error =>
          this.deps.logger.error(
            `Integration ${group[0].integration.id}: grouping calls into an incident failed`,
            error,
          ),
        ),
      ),
    );
  }

  /** The team's open incidents (one per integration at most). */
  openOfTeam(teamRef: string): Promise<OpenIncident[]> {
    return this.deps.store.openOfTeam(teamRef, new Date(this.deps.clock.now()));
  }

  /** Whether the alert is a call grouped under an incident. */
  isGrouped(alertId: string): Promise<boolean> {
    return this.deps.store.isGrouped(alertId);
  }

  private async groupOne(calls: RecordedCall[]) {
    const { store } = this.deps;
    const { integration } = calls[0];
    const config = integration.config.incident ?? DEFAULT_INCIDENT_CONFIG;
    if (!config.enabled) return;
    const at = new Date(
      Math.max(...calls.map(c => c.record.alert.at.getTime())),
    );
    const since = at.getTime() - config.windowMinutes * 60_000;
    const alertIds = calls.map(c => c.record.session.alertId);
    const openParentAlertId = await store.openParent(integration.id);
    const window = openParentAlertId
      ? { calls: 0 }
      : await store.window(integration.id, since);
    const decision = decideGrouping({
      config,
      openParentAlertId,
      callsInWindow: window.calls,
      integrationName: integration.config.name,
    });
    if (decision.kind === 'none') return;
    let parentAlertId =
      decision.kind === 'join' ? decision.parentAlertId : undefined;
    if (decision.kind === 'open') {
      const opener = calls[calls.length - 1].record;
      const opened = await store.open({
        integrationId: integration.id,
        teamRef: integration.teamRef,
        dialledNumber: opener.alert.dialledNumber,
        title: decision.title,
        responderRefs: opener.alert.responderRefs ?? [],
        windowMinutes: config.windowMinutes,
        priority: window.priority ?? opener.alert.priority,
        since,
        at,
      });
      if (opened) {
        this.published(
          integration.teamRef,
          opened.parentAlertId,
          opened.children,
          'created',
        );
        this.deps.onOpened?.(
          opened.parentAlertId,
          opener.session,
          opened.children,
        );
        return;
      }
      // Another replica opened it first: join theirs.
      parentAlertId = await store.openParent(integration.id);
    }
    if (!parentAlertId) return;
    const linked = await store.join(parentAlertId, alertIds, at);
    this.published(integration.teamRef, parentAlertId, linked, 'updated');
  }

  /** Live views: the parent (new or counting on) and its new children. */
  private published(
    teamRef: string,
    parentAlertId: string,
    children: string[],
    parentChange: 'created' | 'updated',
  ) {
    const { signals } = this.deps;
    signals?.publish(parentAlertId, teamRef, parentChange);
    for (const id of children) signals?.publish(id, teamRef, 'updated');
  }
}
