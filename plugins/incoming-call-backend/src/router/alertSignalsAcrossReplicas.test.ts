import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { createBackend } from '@backstage/backend-defaults';
import { HostDiscovery } from '@backstage/backend-defaults/discovery';
import {
  DefaultRootHttpRouter,
  MiddlewareFactory,
  createHealthRouter,
  createHttpServer,
} from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import eventsPlugin from '@backstage/plugin-events-backend';
import signalsPlugin from '@backstage/plugin-signals-backend';
import { ALERT_SIGNAL_CHANNEL } from '@icr/plugin-incoming-call-common';
import express from 'express';
import knexFactory, { type Knex } from 'knex';
import request from 'supertest';
import WebSocket from 'ws';
import { AlertStore } from '../database/AlertStore';
import { incomingCallPlugin } from '../plugin';
import { createTestDatabases } from '../__testUtils__/databases';
import { permissionsFromDefaultPolicy } from '../__testUtils__/defaultPolicy';
import { eventually } from '../__testUtils__/eventually';
import { exampleEntities } from '../__testUtils__/exampleEntities';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ana = mockCredentials.user.header('user:default/ana'); // Platform

// The events backend keeps its bus in PostgreSQL only (in memory otherwise).
const postgres = databases
  .eachSupportedId()
  .filter(([id]) => id.startsWith('POSTGRES'));
const describeOnPostgres = postgres.length
  ? describe.each(postgres)
  : describe.skip.each([['POSTGRES_15' as const]]);

/**
 * A root router on a free port, handed its HTTP server so that WebSocket
 * routes (the signals backend's `/api/signals`) can be registered, and the
 * discovery that points at it. startTestBackend cannot carry the signals
 * backend: its root router has no server, and the plugin routers of the
 * backend-defaults that backend-test-utils 1.11 brings (0.18) have no
 * `addWebSocketHandler`.
 */
function webSocketCapableHttp() {
  let port: number | undefined;
  const rootHttpRouter = createServiceFactory({
    service: coreServices.rootHttpRouter,
    deps: {
      config: coreServices.rootConfig,
      lifecycle: coreServices.rootLifecycle,
      rootLogger: coreServices.rootLogger,
      health: coreServices.rootHealth,
    },
    async factory({ config, lifecycle, rootLogger, health }) {
      const logger = rootLogger.child({ service: 'rootHttpRouter' });
      const app = express();
      const server = await createHttpServer(
        app,
        { listen: { host: '', port: 0 } },
        { logger },
      );
      const router = DefaultRootHttpRouter.create({
        server,
        lifecycle,
        logger,
      });
      const middleware = MiddlewareFactory.create({ config, logger });
      app.use(createHealthRouter({ config, health }));
      app.use(router.handler());
      app.use(middleware.notFound());
      app.use(middleware.error());
      lifecycle.addShutdownHook(() => server.stop(), { logger });
      await server.start();
      port = server.port();
      return router;
    },
  });
  const discovery = createServiceFactory({
    service: coreServices.discovery,
    deps: { rootHttpRouter: coreServices.rootHttpRouter },
    async factory() {
      return HostDiscovery.fromConfig(
        new ConfigReader({
          backend: { baseUrl: `http://localhost:${port}`, listen: { port } },
        }),
      );
    },
  });
  return {
    factories: [rootHttpRouter, discovery],
    baseUrl: () => `http://localhost:${port}`,
  };
}

/** A browser's signals connection: what it has received on the channel. */
async function browser(baseUrl: string) {
  const socket = new WebSocket(
    `${baseUrl.replace(/^http/, 'ws')}/api/signals`,
    { headers: { Authorization: ana } },
  );
  const received: any[] = [];
  socket.on('message', data => received.push(JSON.parse(data.toString())));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(
    JSON.stringify({ action: 'subscribe', channel: ALERT_SIGNAL_CHANNEL }),
  );
  // Frames are handled in order: once the ping is answered, the
  // subscription has been taken.
  await new Promise<void>(resolve => {
    socket.once('pong', () => resolve());
    socket.ping();
  });
  return { socket, received };
}

describeOnPostgres('alert signals across two replicas on %s', id => {
  let knex: Knex;
  const connections: Knex[] = [];
  const sockets: WebSocket[] = [];
  const stops: Array<() => Promise<void>> = [];

  /**
   * A replica as deployed: the demo's backend (backend-defaults, with the
   * real events service, which goes through the bus) on its own connection
   * pool to the shared database, the real events backend (the bus, in
   * PostgreSQL) and the real signals backend (the browsers' WebSocket).
   * Mocked: credentials, the catalog, the permission decisions, the
   * scheduler, logs and config.
   */
  async function replica() {
    const own = knexFactory(knex.client.config);
    connections.push(own);
    const http = webSocketCapableHttp();
    const backend = createBackend();
    for (const feature of [
      incomingCallPlugin,
      eventsPlugin,
      signalsPlugin,
      ...http.factories,
      permissionsFromDefaultPolicy(),
      catalogServiceMock.factory({ entities: exampleEntities }),
      mockServices.database.factory({ knex: own }),
      // Short long-polls, so that stopping does not wait on one.
      mockServices.rootConfig.factory({
        data: { events: { notifyTimeoutMs: 2000 } },
      }),
      mockServices.rootLogger.factory(),
      mockServices.auth.factory(),
      mockServices.httpAuth.factory(),
      mockServices.userInfo.factory(),
      mockServices.scheduler.factory(),
    ]) {
      backend.add(feature);
    }
    stops.push(() => backend.stop());
    await backend.start();
    return { baseUrl: http.baseUrl() };
  }

  beforeEach(async () => {
    knex = await databases.init(id);
  });

  afterEach(async () => {
    sockets.splice(0).forEach(socket => socket.terminate());
    await Promise.all(stops.splice(0).map(stop => stop()));
    await Promise.all(connections.splice(0).map(c => c.destroy()));
  });

  it("delivers a change made on one replica to the other's browsers", async () => {
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
      channel: ALERT_SIGNAL_CHANNEL,
      message: { alertId: alert.id, teamRef: 'group:default/platform', change },
    });

    // Both replicas' signals backends are subscribed on the bus.
    await eventually(async () => {
      const subscriptions = await knex('event_bus_subscriptions')
        .whereRaw('? = ANY(topics)', ['signals'])
        .select('id');
      expect(subscriptions).toHaveLength(2);
    });
    const onOne = await browser(one.baseUrl);
    const onTwo = await browser(two.baseUrl);
    sockets.push(onOne.socket, onTwo.socket);

    // An acknowledge on one replica, then a note on the other.
    const acknowledged = await request(one.baseUrl)
      .post(`${path}/acknowledge`)
      .set('Authorization', ana);
    expect(acknowledged.status).toBe(200);
    await eventually(() => {
      expect(onOne.received).toEqual([signal('updated')]);
      expect(onTwo.received).toEqual([signal('updated')]);
    });

    const noted = await request(two.baseUrl)
      .post(`${path}/notes`)
      .set('Authorization', ana)
      .send({ text: 'Calling the customer back' });
    expect(noted.status).toBe(201);
    await eventually(() => {
      expect(onOne.received).toEqual([signal('updated'), signal('event')]);
      expect(onTwo.received).toEqual([signal('updated'), signal('event')]);
    });

    // The other replica heard of them through the bus in PostgreSQL.
    const carried = await knex('event_bus_events')
      .where({ topic: 'signals' })
      .orderBy('id')
      .select('data_json', 'notified_subscribers');
    expect(
      carried.map(row => {
        const { channel, message } = JSON.parse(row.data_json).payload;
        return { channel, message };
      }),
    ).toEqual([signal('updated'), signal('event')]);
    // Each published by one replica, which had told its own browsers.
    expect(carried.map(row => row.notified_subscribers.length)).toEqual([1, 1]);
    expect(carried[0].notified_subscribers).not.toEqual(
      carried[1].notified_subscribers,
    );
  });
});
