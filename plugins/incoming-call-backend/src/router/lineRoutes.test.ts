import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { LineView } from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import request from 'supertest';
import { AlertStore } from '../database/AlertStore';
import { LineStore } from '../database/LineStore';
import { incomingCallPlugin } from '../plugin';
import { createTestDatabases } from '../__testUtils__/databases';
import { permissionsFromDefaultPolicy } from '../__testUtils__/defaultPolicy';
import { exampleEntities } from '../__testUtils__/exampleEntities';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const PLATFORM = 'group:default/platform';
const PAYMENTS = 'group:default/payments';
const ANA = 'user:default/ana'; // Platform
const JOHN = 'user:default/john.doe-smith'; // Platform
const BOB = 'user:default/bob'; // Payments
const CAROL = 'user:default/carol'; // Engineering, above both
const DAVE = 'user:default/dave'; // in no team
const auth = (userRef: string) => mockCredentials.user.header(userRef);
const HOUR_MS = 60 * 60 * 1000;

describe.each(databases.eachSupportedId())('the line API on %s', id => {
  let knex: Knex;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let line: LineStore;

  beforeEach(async () => {
    knex = await databases.init(id);
    ({ server } = await startTestBackend({
      features: [
        incomingCallPlugin,
        permissionsFromDefaultPolicy(),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        catalogServiceMock.factory({ entities: exampleEntities }),
        mockServices.database.factory({ knex }),
        // Twilio configured (the simulated network): calls, and so the line.
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            incomingCall: {
              simulatedNetwork: true,
              twilio: { accountSid: 'AC123', authToken: 'test-token' },
            },
          },
        }),
      ],
    }));
    line = new LineStore(knex);
  });

  /** A caller waiting in the team's line since `queuedAt`, their alert ringing `responderRefs`. */
  async function waiting(
    teamRef: string,
    callerNumber: string,
    queuedAt: number,
    options: { responderRefs?: string[]; ringing?: string } = {},
  ) {
    const alert = await new AlertStore(knex).create({
      teamRef,
      integrationId: 'int-1',
      callerNumber,
      dialledNumber: '+14155550000',
      priority: 'P2',
      tags: [],
      responderRefs: options.responderRefs ?? [ANA],
      at: new Date(queuedAt),
    });
    const callSid = `CA${callerNumber.slice(1)}`;
    await line.setEntry(
      { callSid, teamRef, alertId: alert.id, queuedAt },
      { wants: [], legUserRef: options.ringing },
    );
    if (options.ringing) await line.claim(options.ringing, callSid, queuedAt);
    return alert.id;
  }

  const getLine = async (userRef: string, query = '') => {
    const res = await request(server)
      .get(`/api/incoming-call/line${query}`)
      .set('Authorization', auth(userRef));
    expect(res.status).toBe(200);
    return res.body as LineView;
  };

  it('lists each team line first come first served, with numbers only for those who may read the alerts', async () => {
    const t0 = Date.now() - 60_000;
    const first = await waiting(PLATFORM, '+4930555001', t0, {
      ringing: ANA,
    });
    // Dave, in no team, is a responder of the second call only.
    const second = await waiting(PLATFORM, '+4930555002', t0 + 1000, {
      responderRefs: [ANA, DAVE],
    });
    const third = await waiting(PLATFORM, '+4930555003', t0 + 2000);
    const payments = await waiting(PAYMENTS, '+4930555004', t0 + 500, {
      responderRefs: [BOB],
    });

    const ana = await getLine(ANA);
    expect(ana.teams).toEqual([
      {
        teamRef: PLATFORM,
        teamName: 'Platform',
        waiting: 3,
        callers: [
          {
            position: 1,
            alertId: first,
            callerNumber: '+4930555001',
            waitingSince: new Date(t0).toISOString(),
            ringing: { userRef: ANA, displayName: 'ana' },
          },
          {
            position: 2,
            alertId: second,
            callerNumber: '+4930555002',
            waitingSince: new Date(t0 + 1000).toISOString(),
          },
          {
            position: 3,
            alertId: third,
            callerNumber: '+4930555003',
            waitingSince: new Date(t0 + 2000).toISOString(),
          },
        ],
      },
      // Counted, but Ana may not read Payments' callers.
      { teamRef: PAYMENTS, teamName: 'Payments', waiting: 1, callers: [] },
    ]);
    expect(ana.you).toMatchObject({ userRef: ANA, nextAlertId: first });

    // Bob (Payments) sees no Platform number, nor any of its callers.
    const bob = await getLine(BOB);
    expect(JSON.stringify(bob)).not.toContain('+4930555001');
    expect(
      bob.teams.map(t => [t.teamRef, t.waiting, t.callers.length]),
    ).toEqual([
      [PLATFORM, 3, 0],
      [PAYMENTS, 1, 1],
    ]);
    expect(bob.you.nextAlertId).toBe(payments);

    // Dave sees the call that rings him, at its place in the line.
    const dave = await getLine(DAVE);
    expect(dave.teams[0].callers).toEqual([
      expect.objectContaining({ position: 2, callerNumber: '+4930555002' }),
    ]);
    expect(dave.you.nextAlertId).toBe(second);

    // Carol, above both teams, reads every caller.
    const carol = await getLine(CAROL);
    expect(carol.teams.map(t => t.callers.length)).toEqual([3, 1]);
  });

  it('narrows to one team with ?team=, and refuses a ref that is not a group', async () => {
    await waiting(PLATFORM, '+4930555001', Date.now() - 2000);
    await waiting(PAYMENTS, '+4930555004', Date.now() - 1000, {
      responderRefs: [BOB],
    });
    const only = await getLine(CAROL, `?team=${encodeURIComponent(PAYMENTS)}`);
    expect(only.teams.map(t => t.teamRef)).toEqual([PAYMENTS]);

    const bad = await request(server)
      .get('/api/incoming-call/line?team=user:default/ana')
      .set('Authorization', auth(CAROL));
    expect(bad.status).toBe(400);
  });

  it("names the teams' responders who are busy (on which alert) or away", async () => {
    const t0 = Date.now() - 60_000;
    const first = await waiting(PLATFORM, '+4930555001', t0, {
      ringing: ANA,
    });
    const second = await waiting(PLATFORM, '+4930555002', t0 + 1000, {
      ringing: CAROL,
    });
    const until = Date.now() + HOUR_MS;
    await line.setAway(JOHN, until);
    // Bob is away, but Ana sees none of Payments' callers: not listed.
    await waiting(PAYMENTS, '+4930555004', t0, { responderRefs: [BOB] });
    await line.setAway(BOB, until);
    // An away time that is over is not shown.
    await line.setAway(DAVE, Date.now() - 1000);

    const ana = await getLine(ANA);
    expect(ana.responders).toEqual([
      {
        userRef: ANA,
        displayName: 'ana',
        busyOn: { alertId: first, since: new Date(t0).toISOString() },
      },
      {
        userRef: CAROL,
        displayName: 'carol',
        busyOn: { alertId: second, since: new Date(t0 + 1000).toISOString() },
      },
      {
        userRef: JOHN,
        displayName: 'john.doe-smith',
        awayUntil: new Date(until).toISOString(),
      },
    ]);
    expect(ana.you.busyOn).toEqual({
      alertId: first,
      since: new Date(t0).toISOString(),
    });
    expect((await getLine(BOB)).you.awayUntil).toBe(
      new Date(until).toISOString(),
    );
  });

  it('is empty without anybody waiting', async () => {
    expect(await getLine(ANA)).toEqual({
      teams: [],
      responders: [],
      you: { userRef: ANA },
    });
  });

  it('lets a signed-in user stop and resume taking calls, for themselves only', async () => {
    const until = Date.now() + 30 * 60 * 1000;
    const away = (userRef: string, body: object) =>
      request(server)
        .put('/api/incoming-call/line/away')
        .set('Authorization', auth(userRef))
        .send(body);

    expect(
      (await away(ANA, { until: new Date(until).toISOString() })).status,
    ).toBe(204);
    expect(await line.responders()).toEqual([
      expect.objectContaining({ userRef: ANA, awayUntil: until }),
    ]);
    expect((await getLine(ANA)).you.awayUntil).toBe(
      new Date(until).toISOString(),
    );

    // Nobody else can be named, and an away time must end in the future.
    const forBob = await away(ANA, { userRef: BOB });
    expect(forBob.status).toBe(400);
    const past = await away(ANA, { until: new Date(0).toISOString() });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toBe(
      'until: The away time must end in the future',
    );
    const service = await request(server)
      .put('/api/incoming-call/line/away')
      .set('Authorization', mockCredentials.service.header())
      .send({});
    expect(service.status).toBe(403);
    expect((await line.responders()).map(r => r.userRef)).toEqual([ANA]);

    // Without an end, the backend's default away time.
    expect((await away(BOB, {})).status).toBe(204);
    const bob = (await line.responders()).find(r => r.userRef === BOB);
    expect(bob?.awayUntil).toBeGreaterThan(Date.now());

    const resumed = await request(server)
      .delete('/api/incoming-call/line/away')
      .set('Authorization', auth(ANA));
    expect(resumed.status).toBe(204);
    expect((await line.responders()).map(r => r.userRef)).toEqual([BOB]);
    expect((await getLine(ANA)).you.awayUntil).toBeUndefined();
  });

  it('needs a signed-in user', async () => {
    const none = await request(server).get('/api/incoming-call/line');
    expect(none.status).toBe(401);
    const service = await request(server)
      .get('/api/incoming-call/line')
      .set('Authorization', mockCredentials.service.header());
    expect(service.status).toBe(403);
  });
});
