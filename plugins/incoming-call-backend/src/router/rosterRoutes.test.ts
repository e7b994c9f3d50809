import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  defaultIntegrationConfig,
  type DialPlan,
  type IntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import request from 'supertest';
import { incomingCallPlugin } from '../plugin';
import { createTestDatabases } from '../__testUtils__/databases';
import { exampleEntities } from '../__testUtils__/exampleEntities';
import { permissionsFromDefaultPolicy } from '../__testUtils__/defaultPolicy';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const ana = mockCredentials.user.header('user:default/ana'); // Platform
const bob = mockCredentials.user.header('user:default/bob'); // Payments

const config: IntegrationConfig = {
  ...defaultIntegrationConfig({
    ref: 'group:default/platform',
    title: 'Platform',
  }),
  recipients: ['escalation:default/platform-escalation'],
  ringTimeoutSeconds: 20,
};

// 2026-03-10 is a Tuesday; the weekly layer started Monday 2 March with
// Ana, so Carol has the second week.
const tuesday = '2026-03-10T12:00:00Z';

const integrationPath = '/api/incoming-call/teams/default/platform/integration';
const dialPlanPath = '/api/incoming-call/teams/default/platform/dial-plan';
const overridesPath =
  '/api/incoming-call/schedules/default/platform-primary/overrides';

/** Each tier as [pass, delay, users]. */
const tiersOf = (plan: DialPlan) =>
  plan.tiers.map(t => [t.pass, t.delayMinutes, t.users.map(u => u.userRef)]);

describe.each(databases.eachSupportedId())('roster routes on %s', id => {
  async function startBackend() {
    const knex = await databases.init(id);
    const { server } = await startTestBackend({
      features: [
        incomingCallPlugin,
        permissionsFromDefaultPolicy(),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        catalogServiceMock.factory({ entities: exampleEntities }),
        mockServices.database.factory({ knex }),
      ],
    });
    return () => request(server);
  }

  it("names each schedule's time zone", async () => {
    const api = await startBackend();
    const schedule = await api()
      .get('/api/incoming-call/schedules/default/platform-primary/on-call')
      .query({ at: tuesday })
      .set('Authorization', bob);
    expect(schedule.status).toBe(200);
    expect(schedule.body.timeZone).toBe('America/New_York');

    const team = await api()
      .get('/api/incoming-call/teams/default/platform/on-call')
      .query({ at: tuesday })
      .set('Authorization', bob);
    expect(team.body.schedules[0]).toMatchObject({
      scheduleRef: 'schedule:default/platform-primary',
      timeZone: 'America/New_York',
    });
  });

  it("previews the recipients' dial plan of the saved integration", async () => {
    const api = await startBackend();
    expect(
      (await api().get(dialPlanPath).set('Authorization', ana)).status,
    ).toBe(404);

    await api().put(integrationPath).set('Authorization', ana).send(config);
    const preview = await api()
      .get(dialPlanPath)
      .query({ at: tuesday })
      .set('Authorization', bob);
    expect(preview.status).toBe(200);
    expect(preview.body.ringTimeoutSeconds).toBe(20);
    expect(preview.body.menuOptions).toEqual([]);
    // platform-escalation: the schedule at once (Carol); Carol again at +5
    // is a repeat within the pass, so the next passes ring her again.
    expect(tiersOf(preview.body.recipients)).toEqual([
      [0, 0, ['user:default/carol']],
      [1, 0, ['user:default/carol']],
      [2, 0, ['user:default/carol']],
    ]);

    const bad = await api()
      .get(dialPlanPath)
      .query({ at: 'tomorrow' })
      .set('Authorization', ana);
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems[0].path).toBe('at');
  });

  it('previews one plan per menu option, * included, when the auto-attendant decides', async () => {
    const api = await startBackend();
    const saved = await api()
      .put(integrationPath)
      .set('Authorization', ana)
      .send({
        ...config,
        usersToTry: 1,
        autoAttendant: {
          ...config.autoAttendant,
          enabled: true,
          options: [
            { key: '1', label: 'Outages', recipients: ['user:default/bob'] },
            {
              key: '*',
              label: 'Anything else',
              recipients: ['user:default/ana', 'user:default/carol'],
            },
          ],
        },
      });
    expect(saved.status).toBe(200);

    const preview = await api()
      .get(dialPlanPath)
      .query({ at: tuesday })
      .set('Authorization', ana);
    expect(preview.status).toBe(200);
    expect(preview.body.recipients).toBeNull();
    expect(
      preview.body.menuOptions.map(
        (o: { key: string; label: string; plan: DialPlan }) => [
          o.key,
          o.label,
          o.plan.tiers.flatMap(t => t.users).length,
        ],
      ),
    ).toEqual([
      ['1', 'Outages', 1],
      // "Users to try" caps each option's plan.
      ['*', 'Anything else', 1],
    ]);
    expect(tiersOf(preview.body.menuOptions[0].plan)).toEqual([
      [0, 0, ['user:default/bob']],
    ]);
  });

  it("lists a schedule's coming overrides, soonest first, without the ended ones", async () => {
    const api = await startBackend();
    const take = (start: string, end: string, userRef = 'user:default/ana') =>
      api()
        .post(overridesPath)
        .set('Authorization', ana)
        .send({ userRef, start, end });
    const ended = await take('2020-01-01T00:00:00Z', '2020-01-02T00:00:00Z');
    expect(ended.status).toBe(201);
    const later = await take('2099-03-01T18:00:00Z', '2099-03-02T09:00:00Z');
    const sooner = await take(
      '2099-02-01T18:00:00+01:00',
      '2099-02-02T09:00:00+01:00',
      'user:default/carol',
    );
    expect(sooner.body).toMatchObject({
      userRef: 'user:default/carol',
      start: '2099-02-01T17:00:00.000Z',
      createdBy: 'user:default/ana',
    });

    const list = await api().get(overridesPath).set('Authorization', bob);
    expect(list.status).toBe(200);
    expect(list.body.map((o: { id: string }) => o.id)).toEqual([
      sooner.body.id,
      later.body.id,
    ]);

    const forbidden = await api()
      .delete(`${overridesPath}/${later.body.id}`)
      .set('Authorization', bob);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toBe(
      'Only members of Platform may change its call routing',
    );
    expect(
      (
        await api()
          .delete(`${overridesPath}/${later.body.id}`)
          .set('Authorization', ana)
      ).status,
    ).toBe(204);
    expect(
      (await api().get(overridesPath).set('Authorization', ana)).body,
    ).toHaveLength(1);
  });

  describe('an override of one layer', () => {
    // The seed's precedence example: schedule1's layers are Rotation 1
    // (escalation1: user1 at once, user2 after 5 minutes) and Rotation 2
    // (team1, whose routing target is user3). user3 is in team1.
    const user3 = mockCredentials.user.header('user:default/user3');
    const schedule1 = '/api/incoming-call/schedules/default/schedule1';
    const team1 = '/api/incoming-call/teams/default/team1';
    // Far ahead, so the override is still listed as coming.
    const at = '2099-03-10T12:00:00Z';
    const window = {
      start: '2099-03-10T00:00:00Z',
      end: '2099-03-11T00:00:00Z',
    };
    const sortedTiers = (plan: DialPlan) =>
      tiersOf(plan).map(([pass, delay, users]) => [
        pass,
        delay,
        [...(users as string[])].sort(),
      ]);

    async function withTeam1Integration() {
      const api = await startBackend();
      const saved = await api()
        .put(`${team1}/integration`)
        .set('Authorization', user3)
        .send({
          ...defaultIntegrationConfig({
            ref: 'group:default/team1',
            title: 'Team1',
          }),
          recipients: ['schedule:default/schedule1'],
        });
      expect(saved.status).toBe(200);
      return api;
    }

    it('replaces only that layer in the on-call answer and the dial plan', async () => {
      const api = await withTeam1Integration();
      const before = await api()
        .get(`${team1}/dial-plan`)
        .query({ at })
        .set('Authorization', user3);
      expect(sortedTiers(before.body.recipients)).toEqual([
        [0, 0, ['user:default/user1', 'user:default/user3']],
        [0, 5, ['user:default/user2']],
      ]);

      const created = await api()
        .post(`${schedule1}/overrides`)
        .set('Authorization', user3)
        .send({
          userRef: 'user:default/carol',
          ...window,
          layer: 'Rotation 1',
        });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        userRef: 'user:default/carol',
        layer: 'Rotation 1',
      });
      expect(
        (await api().get(`${schedule1}/overrides`).set('Authorization', user3))
          .body,
      ).toEqual([created.body]);

      const onCall = await api()
        .get(`${schedule1}/on-call`)
        .query({ at })
        .set('Authorization', user3);
      expect(onCall.body.layers).toEqual(['Rotation 1', 'Rotation 2']);
      expect(onCall.body.onCall).toEqual([
        {
          participant: 'user:default/carol',
          source: 'override for Rotation 1',
        },
        { participant: 'group:default/team1', source: 'Rotation 2' },
      ]);

      // escalation1 (user1, then user2) is replaced by Carol; team1 stays.
      const after = await api()
        .get(`${team1}/dial-plan`)
        .query({ at })
        .set('Authorization', user3);
      expect(sortedTiers(after.body.recipients)).toEqual([
        [0, 0, ['user:default/carol', 'user:default/user3']],
      ]);
    });

    it('an override of the whole schedule still replaces every layer', async () => {
      const api = await withTeam1Integration();
      const created = await api()
        .post(`${schedule1}/overrides`)
        .set('Authorization', user3)
        .send({ userRef: 'user:default/carol', ...window });
      expect(created.status).toBe(201);
      expect(created.body.layer).toBeUndefined();

      const after = await api()
        .get(`${team1}/dial-plan`)
        .query({ at })
        .set('Authorization', user3);
      expect(sortedTiers(after.body.recipients)).toEqual([
        [0, 0, ['user:default/carol']],
      ]);
    });

    it('refuses a layer the schedule does not have, naming its layers', async () => {
      const api = await withTeam1Integration();
      const refused = await api()
        .post(`${schedule1}/overrides`)
        .set('Authorization', user3)
        .send({ userRef: 'user:default/carol', ...window, layer: 'Weekly' });
      expect(refused.status).toBe(400);
      expect(refused.body.error.problems).toEqual([
        {
          path: 'layer',
          message:
            'schedule1 has no layer "Weekly"; its layers are "Rotation 1", "Rotation 2"',
        },
      ]);
      const empty = await api()
        .post(`${schedule1}/overrides`)
        .set('Authorization', user3)
        .send({ userRef: 'user:default/carol', ...window, layer: '' });
      expect(empty.status).toBe(400);
      expect(empty.body.error.problems[0].path).toBe('layer');
      expect(
        (await api().get(`${schedule1}/overrides`).set('Authorization', user3))
          .body,
      ).toEqual([]);
    });
  });
});
