import { randomUUID } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import {
  NO_INTEGRATION_VERSION,
  type Integration,
  type IntegrationChange,
  type IntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import type { Clock } from '../lib/clock';
import { bumpRoutingVersion } from './RoutingVersionStore';
import { prepareForwardingSecrets } from './ForwardingSecrets';

interface IntegrationRow {
  id: string;
  team_ref: string;
  config: string;
  version: number;
  created_at: number | string;
  updated_at: number | string;
  updated_by: string;
}

function toIntegration(row: IntegrationRow): Integration {
  return {
    id: row.id,
    teamRef: row.team_ref,
    config: JSON.parse(row.config),
    version: Number(row.version),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
    updatedBy: row.updated_by,
  };
}

/**
 * A save of a version that is no longer the stored one: someone else saved
 * the integration since (`change` says who and when).
 */
export class StaleIntegrationVersionError extends ConflictError {
  constructor(readonly change: IntegrationChange) {
    super(
      `The integration was changed by ${
        change.updatedByName ?? change.updatedBy
      } at ${change.updatedAt}, after the version you edited`,
    );
  }
}

const changeOf = (integration: Integration): IntegrationChange => ({
  version: integration.version,
  updatedAt: integration.updatedAt,
  updatedBy: integration.updatedBy,
});

/** A team's integration and the phone numbers that route to it. */
export class IntegrationStore {
  constructor(private readonly db: Knex, private readonly clock: Clock) {}

  getByTeam(teamRef: string): Promise<Integration | undefined> {
    return this.getByTeamIn(this.db, teamRef);
  }

  async getById(id: string): Promise<Integration | undefined> {
    const row = await this.db<IntegrationRow>('integrations')
      .where({ id })
      .first();
    return row && toIntegration(row);
  }

  /** The integrations the numbers route to, by number, in one query. */
  async getByNumbers(
    numbers: readonly string[],
  ): Promise<Map<string, Integration>> {
    const rows = await this.db<IntegrationRow & { number: string }>(
      'integrations',
    )
      .join('phone_numbers', 'phone_numbers.integration_id', 'integrations.id')
      .whereIn('phone_numbers.number', [...new Set(numbers)])
      .select('integrations.*', 'phone_numbers.number');
    // Several numbers of one integration share its parsed config.
    const byId = new Map<string, Integration>();
    return new Map(
      rows.map(row => {
        let integration = byId.get(row.id);
        if (!integration) {
          integration = toIntegration(row);
          byId.set(row.id, integration);
        }
        return [row.number, integration];
      }),
    );
  }

  /**
   * Creates or replaces a team's integration and its numbers in one
   * transaction: either all of it is written or nothing is. With
   * `editedVersion` (`NO_INTEGRATION_VERSION` for a new one) the save is
   * refused with a {@link StaleIntegrationVersionError} when the stored
   * version is another, also when two saves of the same version race.
   */
  async save(options: {
    teamRef: string;
    config: IntegrationConfig;
    updatedBy: string;
    editedVersion?: number;
    now?: Date;
  }): Promise<Integration> {
    const { teamRef, config, updatedBy, editedVersion } = options;
    const now = options.now?.getTime() ?? this.clock.now();
    const refuseStale = async (tx: Knex) => {
      const stored = await this.getByTeamIn(tx, teamRef);
      throw stored
        ? new StaleIntegrationVersionError(changeOf(stored))
        : new ConflictError(
            `${teamRef} has no saved integration of version ${editedVersion}`,
          );
    };
    return this.db.transaction(async tx => {
      const existing = await tx<IntegrationRow>('integrations')
        .where({ team_ref: teamRef })
        .first();
      const storedVersion = existing
        ? Number(existing.version)
        : NO_INTEGRATION_VERSION;
      if (editedVersion !== undefined && editedVersion !== storedVersion) {
        await refuseStale(tx);
      }
      const id = existing?.id ?? randomUUID();
      const numbers = config.numbers.map(n => n.number);

      if (numbers.length > 0) {
        const taken = await tx('phone_numbers')
          .join(
            'integrations',
            'integrations.id',
            'phone_numbers.integration_id',
          )
          .whereIn('phone_numbers.number', numbers)
          .whereNot('phone_numbers.integration_id', id)
          .select('phone_numbers.number', 'integrations.team_ref');
        if (taken.length > 0) {
          throw new ConflictError(
            taken
              .map(t => `${t.number} already routes to ${t.team_ref}`)
              .join('; '),
          );
        }
      }

      // Forwarding secrets are stored apart; the config keeps masks.
      const forwarding = await prepareForwardingSecrets(tx, id, config, now);
      const row: IntegrationRow = {
        id,
        team_ref: teamRef,
        config: JSON.stringify(forwarding.config),
        version: storedVersion + 1,
        created_at: existing?.created_at ?? now,
        updated_at: now,
        updated_by: updatedBy,
      };
      // The version in the condition refuses a save that raced this one
      // past the check above (PostgreSQL re-reads the row it waited for).
      const written = existing
        ? await tx('integrations')
            .where({ id, version: storedVersion })
            .update(row)
        : (
            await tx('integrations')
              .insert(row)
              .onConflict('team_ref')
              .ignore()
              .returning('id')
          ).length;
      if (written !== 1) {
        await refuseStale(tx);
      }

      await bumpRoutingVersion(tx);
      await forwarding.write();
      await tx('phone_numbers').where({ integration_id: id }).delete();
      if (config.numbers.length > 0) {
        await tx('phone_numbers').insert(
          config.numbers.map(n => ({
            number: n.number,
            integration_id: id,
            country: n.country,
            source: n.source,
          })),
        );
      }

      return {
        ...toIntegration(row),
        ...(forwarding.created.length > 0 && {
          forwardingSecrets: forwarding.created,
        }),
      };
    });
  }

  /**
   * Deletes a team's integration and its numbers' routes in one
   * transaction; false when it had none.
   */
  async delete(teamRef: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      const existing = await tx<IntegrationRow>('integrations')
        .where({ team_ref: teamRef })
        .first();
      if (!existing) return false;
      await tx('phone_numbers').where({ integration_id: existing.id }).delete();
      // Its Slack URLs and signing secrets go with it (whatever SQLite's
      // foreign key setting, which would cascade).
      await tx('forwarding_secrets')
        .where({ integration_id: existing.id })
        .delete();
      await tx('integrations').where({ id: existing.id }).delete();
      await bumpRoutingVersion(tx);
      return true;
    });
  }

  private async getByTeamIn(
    db: Knex,
    teamRef: string,
  ): Promise<Integration | undefined> {
    const row = await db<IntegrationRow>('integrations')
      .where({ team_ref: teamRef })
      .first();
    return row && toIntegration(row);
  }
}
