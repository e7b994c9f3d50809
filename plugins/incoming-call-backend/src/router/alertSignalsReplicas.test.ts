import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { ALERT_SIGNAL_CHANNEL } from '@icr/plugin-incoming-call-common';
import knexFactory, { type Knex } from 'knex';
import request from 'supertest';
import { AlertStore } from '../database/AlertStore';
import { incomingCallPlugin } from '../plugin';
import { createTestDatabases } from '../__testUtils__/databases';
import { permissionsFromDefaultPolicy } from '../__testUtils__/defaultPolicy';
import { eventually } from '../__testUtils__/eventually';
import { exampleEntities } from '../__testUtils__/exampleEntities';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ana = mockCredentials.user.header('user:default/ana'); // Platform

// Replicas share a database server; SQLite here is in memory, per process.
const postgres = databases
  .eachSupportedId()
  .filter(([id]) => id.startsWith('POSTGRES'));
const describeOnPostgres = postgres.length
  ? describe.each(postgres)
  : describe.skip.each([['POSTGRES_15' as const]]);

describeOnPostgres('alert signals from two replicas on %s', id => {
  let knex: Knex;
  const connections: Knex[] = [];
  const stops: Array<() => Promise<void>> = [];

  /** A replica: its own backend, connection pool and signals service. */
  async function replica() {
    const own = knexFactory(knex.client.config);
    connections.push(own);
    const published: any[] = [];
    const backend = await startTestBackend({
      features: [
        incomingCallPlugin,
        permissionsFromDefaultPolicy(),
        catalogServiceMock.factory({ entities: exampleEntities }),
        mockServices.database.factory({ knex: own }),
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({
            publish: async (signal: unknown) => {
              published.push(signal);
            },
          }),
        }),
      ],
    });
    stops.push(() => backend.stop());
    return { server: backend.server, published };
  }

  beforeEach(async () => {
    knex = await databases.init(id);
  });

  afterEach(async () => {
    await Promise.all(stops.splice(0).map(stop => stop()));
    await Promise.all(connections.splice(0).map(c => c.destroy()));
  });

  it('signals a change from whichever replica made it', async () => {
    const [one, two] = [await replica(), await replica()];
    const alert = await new AlertStore(knex).create({
      teamRef: 'group:default/platform',
      integrationId: 'i1',
      callerNumber: '+4930555000',
      dialledNumber: '+14155550100',
      priority: 'P3',
      tags: [],
      responderRefs: [],
      at: new Date('2026-12-10T10:00:00Z'),
    });
    const path = `/api/incoming-call/alerts/${alert.id}`;
    const signal = (change: string) => ({
      recipients: { type: 'broadcast' },
      channel: ALERT_SIGNAL_CHANNEL,
      message: { alertId: alert.id, teamRef: 'group:default/platform', change },
    });

    // An acknowledge on one replica, a note on the other.
    const acknowledged = await request(one.server)
      .post(`${path}/acknowledge`)
      .set('Authorization', ana);
    expect(acknowledged.status).toBe(200);
    const noted = await request(two.server)
      .post(`${path}/notes`)
      .set('Authorization', ana)
      .send({ text: 'Calling the customer back' });
    expect(noted.status).toBe(201);

    await eventually(() => {
      expect(one.published).toEqual([signal('updated')]);
      expect(two.published).toEqual([signal('event')]);
    });

    // Both changes are one story, whichever replica is asked.
    const timeline = await request(one.server)
      .get(path)
      .set('Authorization', ana);
    expect(timeline.body.events.map((e: any) => e.type)).toEqual([
      'acknowledged',
      'note',
    ]);
  });
});
