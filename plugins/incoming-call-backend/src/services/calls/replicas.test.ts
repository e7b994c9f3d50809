import { SimulatedPhoneNetwork } from '@icr/phone-network-sim';
import knexFactory, { type Knex } from 'knex';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  PUBLIC_URL,
  startCallBackend,
} from '../../__testUtils__/callBackend';
import { createTestDatabases } from '../../__testUtils__/databases';
import { eventually } from '../../__testUtils__/eventually';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../../__testUtils__/platformIntegration';
import { startReplicaBalancer } from '../../__testUtils__/replicaBalancer';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ANA = '+14155550101';
const CAROL = '+14155550103';
const WEBHOOKS = '/api/incoming-call/webhooks';

type Replica = Awaited<ReturnType<typeof startCallBackend>>;

// Replicas share a database server; SQLite here is in memory, per process.
// Only ICR_SKIP_POSTGRES=1 (a developer's choice) leaves nothing to run.
const postgres = databases
  .eachSupportedId()
  .filter(([id]) => id.startsWith('POSTGRES'));
const describeOnPostgres = postgres.length
  ? describe.each(postgres)
  : describe.skip.each([['POSTGRES_15' as const]]);

describeOnPostgres('backend replicas sharing one database on %s', id => {
  let knex: Knex;
  const connections: Knex[] = [];
  let network: SimulatedPhoneNetwork;
  let replicas: Replica[];
  let balancer: Awaited<ReturnType<typeof startReplicaBalancer>>;

  /** Another replica: its own backend and its own connection pool. */
  async function startReplica() {
    const own = knexFactory(knex.client.config);
    connections.push(own);
    const replica = await startCallBackend(own, network.httpClient);
    replicas.push(replica);
    return replica;
  }
  const rootOf = (replica: Replica) =>
    `http://127.0.0.1:${
      (replica.server.address() as AddressInfo).port
    }${WEBHOOKS}`;

  beforeEach(async () => {
    knex = await databases.init(id);
    replicas = [];
    let balancerUrl = '';
    network = new SimulatedPhoneNetwork({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      deliverTo: url => url.replace(PUBLIC_URL, balancerUrl),
    });
    network.addNumber(HOTLINE, {
      voiceUrl: `${PUBLIC_URL}/voice`,
      statusCallback: `${PUBLIC_URL}/call-status`,
    });
    await startReplica();
    await startReplica();
    balancer = await startReplicaBalancer({
      replicas: () => replicas.map(rootOf),
      // Every callback after the first answer arrives twice, at once.
      duplicate: path => !path.startsWith('/voice'),
    });
    balancerUrl = balancer.url;
    await savePlatformIntegration(knex);
  });

  afterEach(async () => {
    await network.settled();
    await balancer.close();
    await Promise.all(replicas.map(r => r.stop()));
    await Promise.all(connections.splice(0).map(c => c.destroy()));
  });

  const settle = (check: () => Promise<void> | void) =>
    eventually(async () => {
      await network.settled();
      await check();
    });
  const events = async () => knex('alert_events').orderBy('seq').pluck('type');
  const legsTo = (number: string) =>
    network.calls().filter(c => c.to === number);

  it('routes a call once when every callback reaches two replicas at the same time', async () => {
    network.setPhone(ANA, { kind: 'no-answer' });
    network.setPhone(CAROL, { kind: 'answer', press: '1' });
    const caller = network.call('+4930555000', HOTLINE);

    await settle(() =>
      expect(network.get(caller.sid).bridgedWith).toBeDefined(),
    );
    network.hangUp(caller.sid);
    await settle(async () =>
      expect((await knex('alerts').first()).status).toBe('closed'),
    );

    // One leg per responder, one bridge, one alert with one story.
    expect(legsTo(ANA)).toHaveLength(1);
    expect(legsTo(CAROL)).toHaveLength(1);
    expect(network.get(caller.sid).bridgedWith).toBe(legsTo(CAROL)[0].sid);
    expect(Number((await knex('alerts').count({ n: '*' }))[0].n)).toBe(1);
    expect(await events()).toEqual([
      'call-received',
      'responder-dialled',
      'responder-outcome',
      'responder-dialled',
      'answered',
      'call-ended',
      'closed',
    ]);
  });

  it('gives the caller to one person when a phone and a browser take the call at the same instant', async () => {
    network.setPhone(ANA, { kind: 'ring' });
    const caller = network.call('+4930555000', HOTLINE);
    await settle(() => expect(legsTo(ANA)[0]?.status).toBe('ringing'));
    await eventually(async () =>
      expect(
        JSON.parse((await knex('call_sessions').first()).data).flow.leg.sid,
      ).toBe(legsTo(ANA)[0].sid),
    );
    const { id: alertId } = await knex('alerts').first();

    // Ana's confirmation reaches one replica, Carol's browser the other.
    const signed = (path: string, params: Record<string, string>) =>
      fetch(`${rootOf(replicas[path.startsWith('/browser') ? 0 : 1])}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Twilio-Signature': twilio.getExpectedTwilioSignature(
            AUTH_TOKEN,
            `${PUBLIC_URL}${path}`,
            params,
          ),
        },
        body: new URLSearchParams(params).toString(),
      }).then(r => r.text());
    const [phone, browser] = await Promise.all([
      signed(`/responder-confirm?call=${caller.sid}&leg=0`, {
        CallSid: legsTo(ANA)[0].sid,
        Digits: '1',
      }),
      signed('/browser-connect', {
        CallSid: `CA${'b'.repeat(32)}`,
        From: 'client:user_default_carol',
        alert: alertId,
      }),
    ]);

    // Bridged to the caller's queue (a phone leg with the after-call offer).
    const winners = [phone, browser].filter(twiml =>
      twiml.includes(`<Queue>call-${caller.sid}</Queue></Dial>`),
    );
    expect(winners).toHaveLength(1);
    const loser = winners[0] === phone ? browser : phone;
    expect(loser).toContain('Someone else has already taken this call');
    const alert = await knex('alerts').first();
    expect(['user:default/ana', 'user:default/carol']).toContain(
      alert.acknowledged_by,
    );
    expect((await events()).filter(e => e === 'answered')).toHaveLength(1);
    network.hangUp(caller.sid);
  });

  it('gives the caller to one responder when two take the call in their browsers at the same instant', async () => {
    network.setPhone(ANA, { kind: 'ring' });
    const caller = network.call('+4930555000', HOTLINE);
    await settle(() => expect(legsTo(ANA)[0]?.status).toBe('ringing'));
    const { id: alertId } = await knex('alerts').first();

    // Ana's browser reaches one replica, Carol's the other, together.
    const connect = (replica: Replica, user: string, callSid: string) => {
      const params = {
        CallSid: callSid,
        From: `client:user_default_${user}`,
        alert: alertId,
      };
      return fetch(`${rootOf(replica)}/browser-connect`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Twilio-Signature': twilio.getExpectedTwilioSignature(
            AUTH_TOKEN,
            `${PUBLIC_URL}/browser-connect`,
            params,
          ),
        },
        body: new URLSearchParams(params).toString(),
      }).then(r => r.text());
    };
    const answers = await Promise.all([
      connect(replicas[0], 'ana', `CA${'a'.repeat(32)}`),
      connect(replicas[1], 'carol', `CA${'c'.repeat(32)}`),
    ]);

    const bridge = `<Dial><Queue>call-${caller.sid}</Queue></Dial>`;
    expect(answers.filter(twiml => twiml.includes(bridge))).toHaveLength(1);
    expect(
      answers.filter(twiml =>
        twiml.includes('Someone else has already taken this call'),
      ),
    ).toHaveLength(1);
    const winner = answers[0].includes(bridge) ? 'ana' : 'carol';
    expect((await knex('alerts').first()).acknowledged_by).toBe(
      `user:default/${winner}`,
    );
    expect((await events()).filter(e => e === 'answered')).toHaveLength(1);
    // The phone that was ringing stops.
    await settle(() => expect(legsTo(ANA)[0].status).toBe('canceled'));
    network.hangUp(caller.sid);
  });

  it('loses nothing when the replica handling a call stops mid-call', async () => {
    network.setPhone(ANA, { kind: 'ring' });
    network.setPhone(CAROL, { kind: 'answer', press: '1' });
    const caller = network.call('+4930555000', HOTLINE);
    await settle(() => expect(legsTo(ANA)[0]?.status).toBe('ringing'));

    // Both replicas stop while Ana's phone rings; a new one starts.
    await Promise.all(replicas.splice(0).map(r => r.stop()));
    await startReplica();

    // Ana's phone rings out; the new replica hears of it and goes on.
    network.hangUp(legsTo(ANA)[0].sid);
    await settle(() => {
      expect(legsTo(CAROL)).toHaveLength(1);
      expect(network.get(caller.sid).bridgedWith).toBe(legsTo(CAROL)[0].sid);
    });
    network.hangUp(caller.sid);
    await settle(async () =>
      expect((await knex('alerts').first()).status).toBe('closed'),
    );
    expect(await events()).toEqual([
      'call-received',
      'responder-dialled',
      'responder-outcome',
      'responder-dialled',
      'answered',
      'call-ended',
      'closed',
    ]);
  });
});
