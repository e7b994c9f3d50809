import { randomUUID } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import type {
  Integration,
  IntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import type { Clock } from '../lib/clock';
import { bumpRoutingVersion } from './RoutingVersionStore';

interface IntegrationRow {
  id: string;
  team_ref: string;
  config: string;
  created_at: number | string;
  updated_at: number | string;
  updated_by: string;
}

function toIntegration(row: IntegrationRow): Integration {
  return {
    id: row.id,
    teamRef: row.team_ref,
    config: JSON.parse(row.config),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
    updatedBy: row.updated_by,
  };
}

/** A team's integration and the phone numbers that route to it. */
export class IntegrationStore {
  constructor(private readonly db: Knex, private readonly clock: Clock) {}

  async getByTeam(teamRef: string): Promise<Integration | undefined> {
    const row = await this.db<IntegrationRow>('integrations')
      .where({ team_ref: teamRef })
      .first();
    return row && toIntegration(row);
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
   * transaction: either all of it is written or nothing is.
   */
  async save(options: {
    teamRef: string;
    config: IntegrationConfig;
    updatedBy: string;
    now?: Date;
  }): Promise<Integration> {
    const { teamRef, config, updatedBy } = options;
    const now = options.now?.getTime() ?? this.clock.now();
    return this.db.transaction(async tx => {
      const existing = await tx<IntegrationRow>('integrations')
        .where({ team_ref: teamRef })
        .first();
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

      const row: IntegrationRow = {
        id,
        team_ref: teamRef,
        config: JSON.stringify(config),
        created_at: existing?.created_at ?? now,
        updated_at: now,
        updated_by: updatedBy,
      };
      if (existing) {
        await tx('integrations').where({ id }).update(row);
      } else {
        await tx('integrations').insert(row);
      }

      await bumpRoutingVersion(tx);
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

      return toIntegration(row);
    });
  }
}
