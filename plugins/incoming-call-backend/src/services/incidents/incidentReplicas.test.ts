import { mockServices } from '@backstage/backend-test-utils';
import type { Integration } from '@icr/plugin-incoming-call-common';
import knexFactory, { type Knex } from 'knex';
import { createTestDatabases } from '../../__testUtils__/databases';
import { savePlatformIntegration } from '../../__testUtils__/platformIntegration';
import { AlertStore } from '../../database/AlertStore';
import { IncidentStore } from '../../database/IncidentStore';
import { IntegrationStore } from '../../database/IntegrationStore';
import { applyMigrations } from '../../database/migrations';
import type { ArrivalRecord } from '../../domain/arrival/arrivalRecord';
import { systemClock } from '../../lib/clock';
import { IncidentService, type RecordedCall } from './IncidentService';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'incidents opened by two replicas at once on %s',
  id => {
    let knex: Knex;
    const pools: Knex[] = [];
    afterEach(async () => {
      await Promise.all(pools.splice(0).map(p => p.destroy()));
    });

    /** A replica: its own connection pool (on PostgreSQL) and service. */
    const replica = (opened: string[]) => {
      const db =
        knex.client.config.client === 'pg'
          ? knexFactory(knex.client.config)
          : knex;
      if (db !== knex) pools.push(db);
      return new IncidentService({
        store: new IncidentStore(db),
        clock: systemClock,
        logger: mockServices.logger.mock(),
        onOpened: parentAlertId => opened.push(parentAlertId),
      });
    };

    /** `count` calls' alerts recorded, as the arrivals of one batch. */
    const recorded = async (
      integration: Integration,
      count: number,
      from: number,
    ): Promise<RecordedCall[]> => {
      const calls = Array.from({ length: count }, (_, i) => ({
        id: `alert-${from + i}`,
        alert: {
          teamRef: integration.teamRef,
          integrationId: integration.id,
          callerNumber: `+4930555${from + i}`,
          dialledNumber: '+14155550100',
          priority: (from + i === 7 ? 'P2' : 'P3') as 'P2' | 'P3',
          tags: [],
          responderRefs: ['user:default/ana'],
          at: new Date(),
        },
        events: [],
      }));
      await new AlertStore(knex).createMany(calls);
      return calls.map(c => ({
        integration,
        record: {
          alert: c.alert,
          session: { alertId: c.id },
        } as unknown as ArrivalRecord,
      }));
    };

    it('makes one parent with every call under it', async () => {
      knex = await databases.init(id);
      await applyMigrations(knex);
      await savePlatformIntegration(knex, {
        incident: { enabled: true, calls: 3, windowMinutes: 5 },
      });
      const integration = (await new IntegrationStore(
        knex,
        systemClock,
      ).getByTeam('group:default/platform'))!;
      await recorded(integration, 2, 0);
      // Two batches of three, on two replicas at once: each alone is over
      // the threshold, so each tries to open the incident.
      const [a, b] = [
        await recorded(integration, 3, 2),
        await recorded(integration, 3, 5),
      ];
      const opened: string[] = [];
      await Promise.all([replica(opened).group(a), replica(opened).group(b)]);

      expect(opened).toHaveLength(1);
      const parents = await knex('alerts').whereNotNull('child_count');
      expect(parents).toHaveLength(1);
      expect(Number(parents[0].child_count)).toBe(8);
      // The most urgent of the calls.
      expect(parents[0].priority).toBe('P2');
      expect(
        await knex('alerts')
          .whereNull('child_count')
          .whereNot({ parent_alert_id: parents[0].id })
          .pluck('id'),
      ).toEqual([]);
      const [{ n }] = await knex('alert_events')
        .where({ type: 'incident' })
        .count({ n: '*' });
      // One on the parent, one on each child, none twice.
      expect(Number(n)).toBe(9);
    });
  },
);
