import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { OpenIncident } from '@icr/plugin-incoming-call-common';
import { isUniqueViolation } from './dataErrors';
import { alertRow, eventRow } from './rows';

/** A new incident: its parent alert and the window its calls are counted in. */
export interface NewIncident {
  integrationId: string;
  teamRef: string;
  dialledNumber: string;
  title: string;
  /** The users the parent's notifications and read permission go to. */
  responderRefs: string[];
  windowMinutes: number;
  at: Date;
}

/** The integration's calls since a moment (incident parents not counted). */
export interface CallWindow {
  calls: number;
  /** The most urgent priority among them (`P1` sorts first). */
  priority?: string;
}

/**
 * Outage mode's incidents: a parent alert per incident, the calls' alerts
 * linked to it (`alerts.parent_alert_id`), and at most one open incident
 * per integration, which the database enforces (a unique key).
 */
export class IncidentStore {
  constructor(private readonly db: Knex) {}

  /**
   * The parent alert of the integration's open incident. The incident is
   * open while its parent alert is not closed: one found closed is marked
   * closed here, so that the next burst opens a new one.
   */
  async openParent(integrationId: string): Promise<string | undefined> {
    const row = await this.db('incidents as i')
      .join('alerts as a', 'a.id', 'i.parent_alert_id')
      .where('i.open_integration_id', integrationId)
      .first('i.parent_alert_id as id', 'a.status as status');
    if (!row) return undefined;
    if (row.status !== 'closed') return row.id;
    await this.db('incidents')
      .where({ parent_alert_id: row.id })
      .update({ open_integration_id: null });
    return undefined;
  }

  /** The integration's calls created at or after `since` (ms). */
  async window(integrationId: string, since: number): Promise<CallWindow> {
    const row = await this.db('alerts')
      .where({ integration_id: integrationId })
      .where('created_at', '>=', since)
      .whereNull('child_count')
      .first(
        this.db.raw('COUNT(*) as calls'),
        this.db.raw('MIN(priority) as priority'),
      );
    return {
      calls: Number(row?.calls ?? 0),
      ...(row?.priority && { priority: row.priority }),
    };
  }

  /**
   * Opens an incident: the parent alert with its first event, and every
   * call of the integration since `since` not grouped yet linked under it,
   * in one transaction. Undefined when another replica opened the
   * integration's incident first (the unique key): join that one instead.
   */
  async open(
    incident: NewIncident & { priority: string; since: number },
  ): Promise<{ parentAlertId: string; children: string[] } | undefined> {
    const parentAlertId = randomUUID();
    try {
      return await this.db.transaction(async tx => {
        await tx('alerts').insert({
          ...alertRow(parentAlertId, {
            teamRef: incident.teamRef,
            integrationId: incident.integrationId,
            callerNumber: '',
            dialledNumber: incident.dialledNumber,
            priority: incident.priority as never,
            tags: ['incident'],
            responderRefs: incident.responderRefs,
            at: incident.at,
          }),
          child_count: 0,
          title: incident.title,
        });
        await tx('incidents').insert({
          parent_alert_id: parentAlertId,
          integration_id: incident.integrationId,
          team_ref: incident.teamRef,
          window_minutes: incident.windowMinutes,
          opened_at: incident.at.getTime(),
          open_integration_id: incident.integrationId,
        });
        await tx('alert_events').insert(
          eventRow(parentAlertId, {
            type: 'incident',
            message: `${incident.title}: the calls are grouped under this alert`,
            at: incident.at,
          }),
        );
        const children = await tx('alerts')
          .where({ integration_id: incident.integrationId })
          .where('created_at', '>=', incident.since)
          .whereNull('child_count')
          .whereNot({ id: parentAlertId })
          .pluck('id');
        return {
          parentAlertId,
          children: await new IncidentStore(tx).link(
            parentAlertId,
            children,
            incident.at,
          ),
        };
      });
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  /** Links calls' alerts to an open incident; the ids it linked (those not linked yet). */
  async join(
    parentAlertId: string,
    alertIds: string[],
    at: Date,
  ): Promise<string[]> {
    return this.db.transaction(tx =>
      new IncidentStore(tx).link(parentAlertId, alertIds, at),
    );
  }

  /** Whether the alert is a call grouped under an incident. */
  async isGrouped(alertId: string): Promise<boolean> {
    const row = await this.db('alerts')
      .where({ id: alertId })
      .whereNotNull('parent_alert_id')
      .first('id');
    return Boolean(row);
  }

  /** The team's open incidents (one per integration), newest first. */
  async openOfTeam(teamRef: string, now: Date): Promise<OpenIncident[]> {
    const rows: Array<{
      id: string;
      title: string;
      child_count: number | string;
      window_minutes: number | string;
      opened_at: number | string;
    }> = await this.db('incidents as i')
      .join('alerts as a', 'a.id', 'i.parent_alert_id')
      .where('i.team_ref', teamRef)
      .whereNotNull('i.open_integration_id')
      .whereNot('a.status', 'closed')
      .orderBy('i.opened_at', 'desc')
      .select(
        'a.id',
        'a.title',
        'a.child_count',
        'i.window_minutes',
        'i.opened_at',
      );
    return Promise.all(
      rows.map(async row => {
        const windowMinutes = Number(row.window_minutes);
        const recent = await this.db('alerts')
          .where({ parent_alert_id: row.id })
          .where('created_at', '>=', now.getTime() - windowMinutes * 60_000)
          .first(this.db.raw('COUNT(*) as calls'));
        return {
          parentAlertId: row.id,
          title: row.title,
          childCount: Number(row.child_count),
          recentCalls: Number(recent?.calls ?? 0),
          windowMinutes,
          openedAt: new Date(Number(row.opened_at)).toISOString(),
        };
      }),
    );
  }

  /**
   * Links those of `alertIds` not grouped yet under the parent (one
   * conditional update, so an alert is linked once whoever races for it),
   * counts them on it (an increment: the parent's row lock orders replicas
   * joining at once) and notes the grouping on each child's timeline; the
   * ids it linked. Runs inside a caller's transaction.
   */
  private async link(
    parentAlertId: string,
    alertIds: string[],
    at: Date,
  ): Promise<string[]> {
    if (alertIds.length === 0) return [];
    const linked: string[] = (
      await this.db('alerts')
        .whereIn('id', alertIds)
        .whereNull('parent_alert_id')
        .whereNull('child_count')
        .update({ parent_alert_id: parentAlertId, updated_at: at.getTime() })
        .returning('id')
    ).map((row: { id: string } | string) =>
      typeof row === 'string' ? row : row.id,
    );
    if (linked.length === 0) return [];
    await this.db('alerts')
      .where({ id: parentAlertId })
      .update({
        child_count: this.db.raw('child_count + ?', [linked.length]),
        updated_at: at.getTime(),
      });
    await this.db('alert_events').insert(
      linked.map(id =>
        eventRow(id, {
          type: 'incident',
          message:
            'Grouped under an incident with the other calls of the outage',
          at,
        }),
      ),
    );
    return linked;
  }
}
