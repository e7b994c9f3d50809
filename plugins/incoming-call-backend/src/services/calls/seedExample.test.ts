import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { IntegrationDialPlan } from '@icr/plugin-incoming-call-common';
import type { SimulatedPhoneNetwork } from '@icr/phone-network-sim';
import type { Knex } from 'knex';
import { startNetworkCallBackend } from '../../__testUtils__/callBackend';
import { createTestDatabases } from '../../__testUtils__/databases';
import { eventually } from '../../__testUtils__/eventually';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../../__testUtils__/platformIntegration';
import { seededRandom } from '../../__testUtils__/seededRandom';

jest.setTimeout(60_000);

const databases = createTestDatabases();
// The seed's precedence example (seedPrecedenceExample in the test utils):
// schedule1's rotations are [escalation1] and [team1]; escalation1 rings
// user1 at once and user2 after 5 minutes; team1's routing target is user3.
const USER1 = '+14155550201';
const USER2 = '+14155550202';
const USER3 = '+14155550203';

/** Waits until the network is quiet and the backend's work shows. */
const settle = (
  network: SimulatedPhoneNetwork,
  check: () => Promise<void> | void,
) =>
  eventually(async () => {
    await network.settled();
    await check();
  });

describe.each(databases.eachSupportedId())(
  "the seed's precedence example through the simulated phone network on %s",
  id => {
    let knex: Knex;
    let network: SimulatedPhoneNetwork;
    let api = '';
    let scheduler: ReturnType<typeof mockServices.scheduler.mock>;
    const runTask = async (taskId: string) => {
      const [task] = scheduler.scheduleTask.mock.calls.find(
        ([t]) => t.id === taskId,
      )!;
      await (task.fn as (signal: AbortSignal) => Promise<void>)(
        new AbortController().signal,
      );
    };

    beforeEach(async () => {
      // The immediate party's random order, the same on every run.
      jest.spyOn(Math, 'random').mockImplementation(seededRandom(14));
      knex = await databases.init(id);
      scheduler = mockServices.scheduler.mock();
      const started = await startNetworkCallBackend(knex, [scheduler.factory]);
      network = started.network;
      api = `${started.root}/api/incoming-call`;
      // The hotline's only recipient is schedule1.
      await savePlatformIntegration(knex, {
        recipients: ['schedule:default/schedule1'],
      });
    });

    afterEach(() => {
      jest.useRealTimers();
      jest.restoreAllMocks();
    });

    const messages = async () =>
      knex('alert_events').orderBy('seq').pluck('message');
    const events = async () =>
      knex('alert_events').orderBy('seq').pluck('type');

    it("rings user1 and team1's target first (either order), then user2 after five minutes, then takes a voicemail", async () => {
      for (const phone of [USER1, USER2, USER3]) {
        network.setPhone(phone, { kind: 'no-answer' });
      }

      // The plan the team's owners see: both rotations are on call.
      const preview: IntegrationDialPlan = await fetch(
        `${api}/teams/default/platform/dial-plan`,
        { headers: { Authorization: mockCredentials.user.header() } },
      ).then(r => r.json());
      expect(
        preview.recipients!.tiers.map(t => ({
          delayMinutes: t.delayMinutes,
          users: t.users.map(u => u.userRef).sort(),
        })),
      ).toEqual([
        {
          delayMinutes: 0,
          users: ['user:default/user1', 'user:default/user3'],
        },
        { delayMinutes: 5, users: ['user:default/user2'] },
      ]);

      const caller = network.call('+4930555000', HOTLINE, {
        voicemailSeconds: 12,
      });
      const responders = () =>
        network
          .calls()
          .filter(c => c.sid !== caller.sid)
          .map(c => c.to);

      await settle(network, async () =>
        expect(await messages()).toContain(
          'Waiting until 5 min into the call to dial user2 (on call for schedule1 (Rotation 1) › escalation1, rule 2)',
        ),
      );
      // The immediate party, one at a time, in random order; user2 waits.
      const immediate = responders();
      expect([...immediate].sort()).toEqual([USER1, USER3]);
      expect(network.get(caller.sid).status).toBe('in-progress');

      // Five minutes on (Date moves on, for the network too), the sweep
      // rings user2; nobody answers, so the caller leaves a voicemail.
      jest.useFakeTimers({
        now: Date.now() + 5 * 60_000,
        advanceTimers: true,
        doNotFake: [
          'hrtime',
          'nextTick',
          'performance',
          'queueMicrotask',
          'setImmediate',
          'clearImmediate',
          'setInterval',
          'clearInterval',
          'setTimeout',
          'clearTimeout',
        ],
      });
      await runTask('incoming-call-sweep');
      await settle(network, async () =>
        expect(await events()).toContain('voicemail'),
      );
      expect(responders()).toEqual([...immediate, USER2]);
      expect(caller.heard).toContain(
        'Nobody is available right now. Please leave a message after the tone.',
      );
      const dialled = (await messages()).filter(m => m.startsWith('Dialling'));
      expect(dialled.slice(2)).toEqual([
        'Dialling user2 (on call for schedule1 (Rotation 1) › escalation1, rule 2)',
      ]);
      expect([...dialled.slice(0, 2)].sort()).toEqual([
        'Dialling user1 (on call for schedule1 (Rotation 1) › escalation1, rule 1)',
        'Dialling user3 (on call for schedule1 (Rotation 2) › routing target of Team1)',
      ]);
    });
  },
);
