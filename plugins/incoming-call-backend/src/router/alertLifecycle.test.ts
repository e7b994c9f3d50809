import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import type { Knex } from 'knex';
import request from 'supertest';
import { AlertStore } from '../database/AlertStore';
import { incomingCallPlugin } from '../plugin';
import { createTestDatabases } from '../__testUtils__/databases';
import { permissionsFromDefaultPolicy } from '../__testUtils__/defaultPolicy';
import { exampleEntities } from '../__testUtils__/exampleEntities';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ana = mockCredentials.user.header('user:default/ana'); // Platform
const bob = mockCredentials.user.header('user:default/bob'); // Payments
const carol = mockCredentials.user.header('user:default/carol'); // above Platform

describe.each(databases.eachSupportedId())('alert lifecycle on %s', id => {
  let knex: Knex;
  const published: unknown[] = [];

  async function backend() {
    const { server } = await startTestBackend({
      features: [
        incomingCallPlugin,
        permissionsFromDefaultPolicy(),
        catalogServiceMock.factory({ entities: exampleEntities }),
        mockServices.database.factory({ knex }),
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
    return server;
  }

  beforeEach(async () => {
    knex = await databases.init(id);
    published.length = 0;
  });

  async function platformAlert(responderRefs: string[] = []) {
    return new AlertStore(knex).create({
      teamRef: 'group:default/platform',
      integrationId: 'i1',
      callerNumber: '+4930555000',
      dialledNumber: '+14155550100',
      priority: 'P3',
      tags: [],
      responderRefs,
      at: new Date('2026-12-10T10:00:00Z'),
    });
  }

  it('acknowledges, closes and reopens by hand, each once, with the actor on the timeline', async () => {
    const server = await backend();
    const alert = await platformAlert();
    const path = `/api/incoming-call/alerts/${alert.id}`;

    const ack = await request(server)
      .post(`${path}/acknowledge`)
      .set('Authorization', ana);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: 'user:default/ana',
      teamName: expect.any(String),
    });
    const again = await request(server)
      .post(`${path}/acknowledge`)
      .set('Authorization', carol);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      error: {
        name: 'ConflictError',
        message: 'The alert is already acknowledged',
      },
      alert: { status: 'acknowledged' },
    });

    expect(
      (await request(server).post(`${path}/close`).set('Authorization', ana))
        .body.status,
    ).toBe('closed');
    expect(
      (await request(server).post(`${path}/close`).set('Authorization', ana))
        .status,
    ).toBe(409);
    expect(
      (await request(server).post(`${path}/reopen`).set('Authorization', carol))
        .body.status,
    ).toBe('open');
    const note = await request(server)
      .post(`${path}/notes`)
      .set('Authorization', ana)
      .send({ text: 'Called back' });
    expect(note.status).toBe(201);
    expect(
      (
        await request(server)
          .post(`${path}/notes`)
          .set('Authorization', ana)
          .send({ text: ' ' })
      ).status,
    ).toBe(400);

    const timeline = await request(server).get(path).set('Authorization', ana);
    expect(
      timeline.body.events.map((e: any) => [e.type, e.actorRef, e.message]),
    ).toEqual([
      ['acknowledged', 'user:default/ana', 'Acknowledged'],
      ['closed', 'user:default/ana', 'Closed'],
      ['reopened', 'user:default/carol', 'Reopened'],
      ['note', 'user:default/ana', 'Called back'],
    ]);
    expect(timeline.body.events[0].actorName).toEqual(expect.any(String));
    expect(published).toHaveLength(4);
    expect(published[0]).toEqual({
      recipients: { type: 'broadcast' },
      channel: 'incoming-call:alerts',
      message: {
        alertId: alert.id,
        teamRef: 'group:default/platform',
        change: 'updated',
      },
    });
  });

  it('lets only the team, the groups above it and the call responders read and act', async () => {
    const server = await backend();
    const mine = await platformAlert();
    const rangBob = await platformAlert(['user:default/bob']);
    for (const [who, alertId, status] of [
      [bob, mine.id, 403],
      [bob, rangBob.id, 200],
      [carol, mine.id, 200],
    ] as const) {
      expect(
        (
          await request(server)
            .get(`/api/incoming-call/alerts/${alertId}`)
            .set('Authorization', who)
        ).status,
      ).toBe(status);
      expect(
        (
          await request(server)
            .post(`/api/incoming-call/alerts/${alertId}/close`)
            .set('Authorization', who)
        ).status,
      ).toBe(status);
    }
    const search = await request(server)
      .get('/api/incoming-call/alerts')
      .set('Authorization', bob);
    expect(search.body.items.map((a: any) => a.id)).toEqual([rangBob.id]);
    const all = await request(server)
      .get('/api/incoming-call/alerts?status=closed&caller=%2B4930')
      .set('Authorization', ana);
    expect(all.body.items).toHaveLength(2);
    expect(
      (
        await request(server)
          .get('/api/incoming-call/teams/default/platform/alerts')
          .set('Authorization', bob)
      ).body.items.map((a: any) => a.id),
    ).toEqual([rangBob.id]);
  });

  it('changes an alert once when two replicas act on it at the same instant', async () => {
    const [one, two] = [await backend(), await backend()];
    const alert = await platformAlert();
    const results = await Promise.all(
      [one, two, one, two].map(server =>
        request(server)
          .post(`/api/incoming-call/alerts/${alert.id}/acknowledge`)
          .set('Authorization', ana),
      ),
    );
    expect(results.map(r => r.status).sort()).toEqual([200, 409, 409, 409]);
    expect(
      await knex('alert_events').where({ alert_id: alert.id }).pluck('type'),
    ).toEqual(['acknowledged']);
    expect(published).toHaveLength(1);
  });
});
