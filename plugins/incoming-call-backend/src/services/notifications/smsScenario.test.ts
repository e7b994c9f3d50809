import { mockServices } from '@backstage/backend-test-utils';
import type { SimulatedPhoneNetwork } from '@icr/phone-network-sim';
import type { Knex } from 'knex';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  startNetworkCallBackend,
} from '../../__testUtils__/callBackend';
import { createTestDatabases } from '../../__testUtils__/databases';
import { eventually } from '../../__testUtils__/eventually';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../../__testUtils__/platformIntegration';

jest.setTimeout(60_000);

const databases = createTestDatabases();
/** Bob's phone; his only contact method is SMS. */
const BOB = '+14155550102';

describe.each(databases.eachSupportedId())(
  'SMS notifications of a call through the simulated phone network on %s',
  id => {
    let knex: Knex;
    let network: SimulatedPhoneNetwork;

    beforeEach(async () => {
      knex = await databases.init(id);
      const started = await startNetworkCallBackend(
        knex,
        [mockServices.scheduler.factory()],
        {
          twilio: {
            accountSid: ACCOUNT_SID,
            authToken: AUTH_TOKEN,
            callsPerSecond: 100,
            // The hotline is a number of the simulated account.
            smsFrom: HOTLINE,
          },
        },
      );
      network = started.network;
    });

    it("puts an SMS on the on-call user's phone and the notification on the alert's timeline", async () => {
      await savePlatformIntegration(knex, {
        recipients: ['user:default/bob'],
        notification: { mode: 'default' },
      });
      network.setPhone(BOB, { kind: 'ring' });
      network.call('+4930555000', HOTLINE);

      await eventually(async () => {
        await network.settled();
        expect(network.inbox(BOB)).toHaveLength(1);
      });
      const { id: alertId } = await knex('alerts').first('id');
      const [sms] = network.inbox(BOB);
      expect(sms).toMatchObject({
        from: HOTLINE,
        body: `[P3] Incoming call for Platform from +4930555000 /incoming-calls/alerts/${alertId}`,
      });
      await eventually(async () =>
        expect(
          await knex('alert_events')
            .where({ alert_id: alertId, type: 'notification-sent' })
            .pluck('message'),
        ).toEqual(['Notified bob by SMS']),
      );
      // Once, however often the outbox runs.
      expect(network.messages()).toHaveLength(1);
    });
  },
);
