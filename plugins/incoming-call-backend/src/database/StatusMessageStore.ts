import type { Knex } from 'knex';
import type {
  StatusMessage,
  StatusMessageInput,
} from '@icr/plugin-incoming-call-common';
import { bumpRoutingVersion } from './RoutingVersionStore';

/** What a team's callers hear after the welcome while it is switched on. */
export type TeamStatusMessage = StatusMessageInput['message'];

interface StatusMessageRow {
  team_ref: string;
  message: string;
  /** 0/1 on SQLite. */
  enabled: boolean | number;
  updated_at: number | string;
  updated_by: string;
}

const toStatusMessage = (row: StatusMessageRow): StatusMessage => ({
  teamRef: row.team_ref,
  message: JSON.parse(row.message),
  enabled: Boolean(row.enabled),
  updatedAt: new Date(Number(row.updated_at)).toISOString(),
  updatedBy: row.updated_by,
});

/**
 * Outage mode's status messages, one per team, apart from the integration
 * config. Every change moves the routing version on in its transaction, so
 * each replica's routing view (see `RoutingCache`) counts it from the next
 * call on.
 */
export class StatusMessageStore {
  constructor(private readonly db: Knex) {}

  async get(teamRef: string): Promise<StatusMessage | undefined> {
    const row = await this.db<StatusMessageRow>('status_messages')
      .where({ team_ref: teamRef })
      .first();
    return row ? toStatusMessage(row) : undefined;
  }

  /** The messages switched on, by team. */
  async switchedOn(): Promise<Map<string, TeamStatusMessage>> {
    const rows = await this.db<StatusMessageRow>('status_messages')
      .where({ enabled: true })
      .select('team_ref', 'message');
    return new Map(rows.map(r => [r.team_ref, JSON.parse(r.message)]));
  }

  /** Sets the team's message and switches it on. */
  switchOn(
    teamRef: string,
    message: TeamStatusMessage,
    by: string,
    at: Date,
  ): Promise<StatusMessage> {
    return this.db.transaction(async tx => {
      const row: StatusMessageRow = {
        team_ref: teamRef,
        message: JSON.stringify(message),
        enabled: true,
        updated_at: at.getTime(),
        updated_by: by,
      };
      await tx('status_messages').insert(row).onConflict('team_ref').merge();
      await bumpRoutingVersion(tx);
      return toStatusMessage(row);
    });
  }

  /** Switches the team's message off, keeping it; undefined when it has none. */
  switchOff(
    teamRef: string,
    by: string,
    at: Date,
  ): Promise<StatusMessage | undefined> {
    return this.db.transaction(async tx => {
      const changed = await tx('status_messages')
        .where({ team_ref: teamRef })
        .update({ enabled: false, updated_at: at.getTime(), updated_by: by });
      if (changed > 0) await bumpRoutingVersion(tx);
      const row = await tx<StatusMessageRow>('status_messages')
        .where({ team_ref: teamRef })
        .first();
      return row ? toStatusMessage(row) : undefined;
    });
  }
}
