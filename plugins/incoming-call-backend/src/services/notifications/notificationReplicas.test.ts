import { mockServices } from '@backstage/backend-test-utils';
import { SimulatedPhoneNetwork } from '@icr/phone-network-sim';
import knexFactory, { type Knex } from 'knex';
import type { AddressInfo } from 'node:net';
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
import {
  recordingNotifications,
  sentTo,
} from '../../__testUtils__/recordingNotifications';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ANA = '+14155550101';
const CAROL = '+14155550103';
const WEBHOOKS = '/api/incoming-call/webhooks';

/** What a call to the Platform hotline notifies: Ana and Carol, each by both methods. */
const EXPECTED = [
  'ana incoming-call',
  'ana incoming-call-email',
  'carol incoming-call',
  'carol incoming-call-email',
];

type Replica = {
  backend: Awaited<ReturnType<typeof startCallBackend>>;
  notifications: ReturnType<typeof recordingNotifications>;
  scheduler: ReturnType<typeof mockServices.scheduler.mock>;
};

describe.each(databases.eachSupportedId())(
  'notifications under duplicated webhooks and replicas on %s',
  id => {
    let knex: Knex;
    const connections: Knex[] = [];
    let network: SimulatedPhoneNetwork;
    let replicas: Replica[];
    let balancer: Awaited<ReturnType<typeof startReplicaBalancer>>;
    /** The webhook roots the balancer sends to, in turn. */
    let targets: string[];

    /** A replica: its own backend, connection pool and notification service. */
    async function startReplica() {
      // SQLite is in memory, per connection: a replica there shares it.
      let own = knex;
      if (id.startsWith('POSTGRES')) {
        own = knexFactory(knex.client.config);
        connections.push(own);
      }
      const notifications = recordingNotifications();
      const scheduler = mockServices.scheduler.mock();
      const backend = await startCallBackend(own, network.httpClient, [
        notifications.factory,
        scheduler.factory,
      ]);
      const replica = { backend, notifications, scheduler };
      replicas.push(replica);
      return replica;
    }
    const rootOf = (replica: Replica) =>
      `http://127.0.0.1:${
        (replica.backend.server.address() as AddressInfo).port
      }${WEBHOOKS}`;
    const dispatch = (replica: Replica) => {
      const [task] = replica.scheduler.scheduleTask.mock.calls.find(
        ([t]) => t.id === 'incoming-call-notifications',
      )!;
      return (task.fn as (signal: AbortSignal) => Promise<void>)(
        new AbortController().signal,
      );
    };
    const sent = () =>
      sentTo(replicas.flatMap(r => r.notifications.sent)).sort();

    beforeEach(async () => {
      knex = await databases.init(id);
      replicas = [];
      targets = [];
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
      balancer = await startReplicaBalancer({
        replicas: () => targets,
        // Every webhook, the arrival included, arrives twice at once.
        duplicate: () => true,
      });
      balancerUrl = balancer.url;
    });

    afterEach(async () => {
      await network.settled();
      await balancer.close();
      await Promise.all(replicas.map(r => r.backend.stop().catch(() => {})));
      await Promise.all(connections.splice(0).map(c => c.destroy()));
    });

    /** Places a call and waits for its notifications; what was sent in all. */
    const callAndWait = async () => {
      network.setPhone(ANA, { kind: 'ring' });
      network.setPhone(CAROL, { kind: 'ring' });
      network.call('+4930555000', HOTLINE);
      await eventually(() => expect(sent()).toEqual(EXPECTED));
      // Whatever each replica's schedule finds afterwards sends nothing more.
      await Promise.all(replicas.map(dispatch));
      await Promise.all(replicas.map(dispatch));
      expect(sent()).toEqual(EXPECTED);
      const events = await knex('alert_events')
        .where({ type: 'notification-sent' })
        .pluck('message');
      expect(events.sort()).toEqual([
        'Notified ana by e-mail',
        'Notified ana in Backstage',
        'Notified carol by e-mail',
        'Notified carol in Backstage',
      ]);
      expect((await knex('notification_outbox').pluck('state')).sort()).toEqual(
        ['sent', 'sent', 'sent', 'sent'],
      );
      return sent();
    };

    it('notifies each user once per method when the same webhooks reach one backend twice', async () => {
      const only = await startReplica();
      targets = [rootOf(only), rootOf(only)];
      await savePlatformIntegration(knex);
      expect(await callAndWait()).toEqual(EXPECTED);
    });

    it('sends a delayed notification once, from a replica started after the one that took the call stopped', async () => {
      const realNow = Date.now.bind(Date);
      let offset = 0;
      jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
      try {
        const a = await startReplica();
        targets = [rootOf(a)];
        await savePlatformIntegration(knex, {
          notification: { mode: 'delayed', delayMinutes: 5 },
        });
        network.setPhone(ANA, { kind: 'ring' });
        network.setPhone(CAROL, { kind: 'ring' });
        const caller = network.call('+4930555000', HOTLINE);
        await eventually(async () => {
          expect(await knex('notification_outbox').pluck('state')).toEqual([
            'pending',
            'pending',
            'pending',
            'pending',
          ]);
          // Holding in the line: its wait document was answered before the
          // replica stops (asked of a stopped replica, it would fail).
          expect(network.get(caller.sid).heard).toContainEqual(
            expect.stringMatching(/^\[hold music /),
          );
        });
        await a.backend.stop();

        const b = await startReplica();
        targets = [rootOf(b)];
        offset = 5 * 60_000 + 1_000;
        await Promise.all([dispatch(b), dispatch(b)]);
        expect(sentTo(a.notifications.sent)).toEqual([]);
        expect(sentTo(b.notifications.sent).sort()).toEqual(EXPECTED);
        await dispatch(b);
        expect(b.notifications.sent).toHaveLength(4);
        expect(
          (await knex('notification_outbox').pluck('state')).sort(),
        ).toEqual(['sent', 'sent', 'sent', 'sent']);
      } finally {
        jest.restoreAllMocks();
      }
    });

    it('notifies each user once per method when every webhook reaches two replicas at once', async () => {
      const a = await startReplica();
      const b = await startReplica();
      targets = [rootOf(a), rootOf(b)];
      await savePlatformIntegration(knex);
      expect(await callAndWait()).toEqual(EXPECTED);
    });
  },
);
