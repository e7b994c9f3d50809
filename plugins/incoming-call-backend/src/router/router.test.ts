import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { defaultIntegrationConfig } from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import request from 'supertest';
import { incomingCallPlugin } from '../plugin';
import { AlertStore } from '../database/AlertStore';
import { exampleEntities } from '../__testUtils__/exampleEntities';
import { permissionsFromDefaultPolicy } from '../__testUtils__/defaultPolicy';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const ana = mockCredentials.user.header('user:default/ana'); // Platform
const bob = mockCredentials.user.header('user:default/bob'); // Payments
const carol = mockCredentials.user.header('user:default/carol'); // Engineering, above Platform

const config = {
  ...defaultIntegrationConfig({
    ref: 'group:default/platform',
    title: 'Platform',
  }),
  recipients: ['escalation:default/platform-escalation'],
  numbers: [{ number: '+14155550100', country: 'US' }],
};

describe('incoming-call API', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let knex: Knex;

  beforeEach(async () => {
    knex = await databases.init('SQLITE_3');
    ({ server } = await startTestBackend({
      features: [
        incomingCallPlugin,
        permissionsFromDefaultPolicy(),
        // A request without a token is anonymous, as in a real backend.
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        catalogServiceMock.factory({ entities: exampleEntities }),
        mockServices.database.factory({ knex }),
      ],
    }));
  });

  const api = () => request(server);
  const integrationPath =
    '/api/incoming-call/teams/default/platform/integration';

  it('rejects requests without credentials', async () => {
    const res = await api().get(integrationPath);
    expect(res.status).toBe(401);
    const put = await api().put(integrationPath).send(config);
    expect(put.status).toBe(401);
  });

  it('answers 404 for a team without an integration, and for an unknown team', async () => {
    const none = await api().get(integrationPath).set('Authorization', ana);
    expect(none.status).toBe(404);
    expect(none.body.error.message).toContain(
      'has no incoming call integration',
    );

    const unknown = await api()
      .get('/api/incoming-call/teams/default/nobody/integration')
      .set('Authorization', ana);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      'There is no team group:default/nobody in the catalog',
    );
  });

  it('lets a team member save the config and reads it back', async () => {
    const saved = await api()
      .put(integrationPath)
      .set('Authorization', ana)
      .send(config);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      teamRef: 'group:default/platform',
      updatedBy: 'user:default/ana',
      config: {
        numbers: [
          { number: '+14155550100', country: 'US', source: 'attached' },
        ],
      },
    });

    const read = await api().get(integrationPath).set('Authorization', bob);
    expect(read.status).toBe(200);
    expect(read.body.config).toEqual(saved.body.config);
  });

  it('lets members of a group above the team change it', async () => {
    const res = await api()
      .put(integrationPath)
      .set('Authorization', carol)
      .send(config);
    expect(res.status).toBe(200);
  });

  it('forbids someone outside the team, and writes nothing', async () => {
    const res = await api()
      .put(integrationPath)
      .set('Authorization', bob)
      .send(config);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Only members of Platform may change its call routing',
    );
    expect(await knex('integrations').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('forbids service callers from changing routing', async () => {
    const res = await api()
      .put(integrationPath)
      .set('Authorization', mockCredentials.service.header())
      .send(config);
    expect(res.status).toBe(403);
  });

  it('answers 400 with a message per field and writes nothing', async () => {
    const res = await api()
      .put(integrationPath)
      .set('Authorization', ana)
      .send({
        ...config,
        usersToTry: -1,
        blocklist: ['+1900*', '49*'],
        numbers: [{ number: '0301234', country: 'DE' }],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.problems).toEqual(
      expect.arrayContaining([
        { path: 'usersToTry', message: 'At least 0 (0 means voicemail only)' },
        {
          path: 'blocklist.1',
          message: 'A blocklist entry starts with + (e.g. +4930123 or +1900*)',
        },
        { path: 'numbers.0.number', message: expect.stringContaining('E.164') },
      ]),
    );
    expect(await knex('integrations').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('answers 409 when a number already routes to another team', async () => {
    await api().put(integrationPath).set('Authorization', ana).send(config);
    const res = await api()
      .put('/api/incoming-call/teams/default/payments/integration')
      .set('Authorization', bob)
      .send(config);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      '+14155550100 already routes to group:default/platform',
    );
  });

  it('lists a team alerts in keyset pages and shows one with its timeline', async () => {
    const alerts = new AlertStore(knex);
    const base = Date.parse('2026-03-01T00:00:00Z');
    for (let i = 0; i < 5; i++) {
      const alert = await alerts.create({
        teamRef: 'group:default/platform',
        integrationId: 'i',
        callerNumber: `+4930123450${i}`,
        dialledNumber: '+14155550100',
        priority: 'P3',
        tags: [],
        at: new Date(base + i * 60_000),
      });
      await alerts.addEvent(alert.id, {
        type: 'call-received',
        message: `Call from +4930123450${i}`,
        at: new Date(base + i * 60_000),
      });
    }

    const alertsPath = '/api/incoming-call/teams/default/platform/alerts';
    const first = await api()
      .get(alertsPath)
      .query({ limit: 2 })
      .set('Authorization', ana);
    expect(first.status).toBe(200);
    expect(
      first.body.items.map((a: { callerNumber: string }) => a.callerNumber),
    ).toEqual(['+49301234504', '+49301234503']);
    const second = await api()
      .get(alertsPath)
      .query({ limit: 2, cursor: first.body.nextCursor })
      .set('Authorization', ana);
    expect(
      second.body.items.map((a: { callerNumber: string }) => a.callerNumber),
    ).toEqual(['+49301234502', '+49301234501']);

    const badLimit = await api()
      .get(alertsPath)
      .query({ limit: 1000 })
      .set('Authorization', ana);
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.problems).toEqual([
      { path: 'limit', message: 'limit is at most 100' },
    ]);

    const one = await api()
      .get(`/api/incoming-call/alerts/${first.body.items[0].id}`)
      .set('Authorization', ana);
    expect(one.status).toBe(200);
    expect(one.body.events).toEqual([
      expect.objectContaining({
        type: 'call-received',
        message: 'Call from +49301234504',
      }),
    ]);

    const missing = await api()
      .get('/api/incoming-call/alerts/nope')
      .set('Authorization', ana);
    expect(missing.status).toBe(404);
  });

  describe('on call', () => {
    // 2026-03-10 is a Tuesday; the weekly layer started Monday 2 March with
    // Ana, so Carol has the second week.
    const tuesday = '2026-03-10T12:00:00Z';

    it('says who is on call for a schedule and a team, with the reasons', async () => {
      const schedule = await api()
        .get('/api/incoming-call/schedules/default/platform-primary/on-call')
        .query({ at: tuesday })
        .set('Authorization', bob);
      expect(schedule.status).toBe(200);
      expect(schedule.body.onCall).toEqual([
        { participant: 'user:default/carol', source: 'Weekly' },
      ]);
      expect(schedule.body.plan.tiers[0].users[0]).toMatchObject({
        userRef: 'user:default/carol',
        reason: 'on call for platform-primary (Weekly)',
      });

      const team = await api()
        .get('/api/incoming-call/teams/default/platform/on-call')
        .query({ at: tuesday })
        .set('Authorization', bob);
      expect(team.status).toBe(200);
      expect(team.body.routingTarget).toBe('schedule:default/platform-primary');
      expect(
        team.body.schedules.map((s: { scheduleRef: string }) => s.scheduleRef),
      ).toEqual(['schedule:default/platform-primary']);
      expect(team.body.plan.tiers[0].users[0].userRef).toBe(
        'user:default/carol',
      );
    });

    it('applies an override made by a member of the schedule owner, and removes it', async () => {
      const overridesPath =
        '/api/incoming-call/schedules/default/platform-primary/overrides';
      const body = {
        userRef: 'user:default/ana',
        start: '2026-03-10T11:00:00Z',
        end: '2026-03-10T13:00:00Z',
      };
      const forbidden = await api()
        .post(overridesPath)
        .set('Authorization', bob)
        .send(body);
      expect(forbidden.status).toBe(403);

      const invalid = await api()
        .post(overridesPath)
        .set('Authorization', ana)
        .send({ ...body, end: body.start });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.problems).toEqual([
        { path: 'end', message: 'The end must be after the start' },
      ]);

      const unknownUser = await api()
        .post(overridesPath)
        .set('Authorization', ana)
        .send({ ...body, userRef: 'user:default/ghost' });
      expect(unknownUser.status).toBe(400);
      expect(unknownUser.body.error.problems).toEqual([
        {
          path: 'userRef',
          message: 'There is no user user:default/ghost in the catalog',
        },
      ]);

      const created = await api()
        .post(overridesPath)
        .set('Authorization', ana)
        .send(body);
      expect(created.status).toBe(201);
      const onCall = () =>
        api()
          .get('/api/incoming-call/schedules/default/platform-primary/on-call')
          .query({ at: tuesday })
          .set('Authorization', ana);
      expect((await onCall()).body.onCall).toEqual([
        { participant: 'user:default/ana', source: 'override' },
      ]);

      const deleted = await api()
        .delete(`${overridesPath}/${created.body.id}`)
        .set('Authorization', ana);
      expect(deleted.status).toBe(204);
      expect((await onCall()).body.onCall).toEqual([
        { participant: 'user:default/carol', source: 'Weekly' },
      ]);
    });
  });
});

const safeSaveDatabases = createTestDatabases();

describe.each(safeSaveDatabases.eachSupportedId())(
  'saving an integration safely, on %s',
  databaseId => {
    let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
    let knex: Knex;
    const integrationPath =
      '/api/incoming-call/teams/default/platform/integration';

    beforeEach(async () => {
      knex = await safeSaveDatabases.init(databaseId);
      ({ server } = await startTestBackend({
        features: [
          incomingCallPlugin,
          permissionsFromDefaultPolicy(),
          catalogServiceMock.factory({ entities: exampleEntities }),
          mockServices.database.factory({ knex }),
        ],
      }));
    });

    const save = (
      body: object,
      options: { as?: string; version?: number } = {},
    ) =>
      request(server)
        .put(integrationPath)
        .query(
          options.version === undefined ? {} : { version: options.version },
        )
        .set('Authorization', options.as ?? ana)
        .send(body);

    it('refuses recipients the catalog does not know, naming them, and writes nothing', async () => {
      const res = await save({
        ...config,
        recipients: ['user:default/ana', 'user:default/ghost'],
        autoAttendant: {
          enabled: true,
          prompt: { type: 'text', text: 'Press 1 for support.' },
          options: [
            {
              key: '1',
              label: 'Support',
              recipients: [
                'schedule:default/nowhere',
                'group:default/platform',
              ],
            },
          ],
        },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.problems).toEqual([
        {
          path: 'recipients.1',
          message: 'There is no user user:default/ghost in the catalog',
        },
        {
          path: 'autoAttendant.options.0.recipients.0',
          message:
            'There is no schedule schedule:default/nowhere in the catalog',
        },
      ]);
      expect(await knex('integrations').first()).toBeUndefined();
    });

    it('counts versions and answers 409 with who changed it when a save edited a stale one', async () => {
      const created = await save(config, { version: 0 });
      expect(created.status).toBe(200);
      expect(created.body.version).toBe(1);

      // Two tabs loaded version 1; Carol's saves first.
      const carols = await save(
        { ...config, usersToTry: 1 },
        { as: carol, version: 1 },
      );
      expect(carols.status).toBe(200);
      expect(carols.body.version).toBe(2);

      const anas = await save({ ...config, usersToTry: 5 }, { version: 1 });
      expect(anas.status).toBe(409);
      expect(anas.body.error).toMatchObject({
        name: 'ConflictError',
        message: `The integration was changed by carol at ${carols.body.updatedAt}, after the version you edited`,
        change: {
          version: 2,
          updatedBy: 'user:default/carol',
          updatedByName: 'carol',
          updatedAt: carols.body.updatedAt,
        },
      });
      const stored = await request(server)
        .get(integrationPath)
        .set('Authorization', ana);
      expect(stored.body.config.usersToTry).toBe(1);

      // Overwriting is a save of the version that won.
      const overwrite = await save(
        { ...config, usersToTry: 5 },
        { version: anas.body.error.change.version },
      );
      expect(overwrite.status).toBe(200);
      expect(overwrite.body).toMatchObject({
        version: 3,
        config: { usersToTry: 5 },
      });
    });

    it('answers 409 to a second creation, and 400 to a version that is not a number', async () => {
      await save(config, { version: 0 });
      const second = await save(config, { as: carol, version: 0 });
      expect(second.status).toBe(409);
      expect(second.body.error.change.updatedBy).toBe('user:default/ana');

      const bad = await request(server)
        .put(integrationPath)
        .query({ version: 'latest' })
        .set('Authorization', ana)
        .send(config);
      expect(bad.status).toBe(400);
      expect(bad.body.error.problems).toEqual([
        { path: 'version', message: 'The version is a whole number' },
      ]);
    });
  },
);
