import { mockServices } from '@backstage/backend-test-utils';
import type { SimulatedPhoneNetwork } from '@icr/phone-network-sim';
import type { Knex } from 'knex';
import { startNetworkCallBackend } from '../../__testUtils__/callBackend';
import { createTestDatabases } from '../../__testUtils__/databases';
import { eventually } from '../../__testUtils__/eventually';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../../__testUtils__/platformIntegration';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const CAROL = '+14155550103';
const FIRST = '+4930555000';
const SECOND = '+4930555111';
const CAROL_REF = 'user:default/carol';

/** What Carol hears about a caller when she answers a leg rung for them. */
const announcement = (spoken: string) =>
  `Incoming support call for Platform hotline. Caller: ${spoken}. Press 1 to take the call.`;
const OFFER_OF_SECOND =
  'Another caller is waiting: 4 9 3, 0 5 5, 5 1 1, 1. Press 1 for the next caller, 2 to stop taking calls.';

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
  'the offer of the next caller, through the simulated phone network on %s',
  id => {
    let knex: Knex;
    let network: SimulatedPhoneNetwork;

    beforeEach(async () => {
      knex = await databases.init(id);
      const scheduler = mockServices.scheduler.mock();
      ({ network } = await startNetworkCallBackend(knex, [scheduler.factory]));
      // One responder: the second caller can only wait for Carol.
      await savePlatformIntegration(knex, { recipients: [CAROL_REF] });
    });

    /** Every leg the backend placed to Carol's phone. */
    const carolsLegs = () =>
      network
        .calls()
        .filter(c => c.direction === 'outbound-api' && c.to === CAROL);

    const alertOf = async (callerNumber: string) => {
      const alert = await knex('alerts')
        .where({ caller_number: callerNumber })
        .first('id', 'status', 'acknowledged_by');
      const messages = await knex('alert_events')
        .where({ alert_id: alert.id })
        .orderBy('seq')
        .pluck('message');
      return { ...alert, messages };
    };

    /**
     * Carol takes the first caller; the second arrives meanwhile and waits
     * in the line for her (no leg is placed for them).
     */
    const secondWaitsForCarol = async () => {
      const first = network.call(FIRST, HOTLINE);
      await settle(network, () =>
        expect(network.get(first.sid).bridgedWith).toBeDefined(),
      );
      const second = network.call(SECOND, HOTLINE, { voicemailSeconds: 5 });
      // Not just in the line: seeking Carol (before that, nobody would be
      // offered, and the caller would ring her anew once her leg ended).
      await settle(network, async () =>
        expect((await alertOf(SECOND)).messages).toContain(
          'Waiting in line: carol is on another call',
        ),
      );
      expect(carolsLegs()).toHaveLength(1);
      return { first, second, leg: carolsLegs()[0] };
    };

    it('a responder who presses 1 after a call is bridged to the next caller on the same leg', async () => {
      network.setPhone(CAROL, { kind: 'answer', press: '1', then: ['1'] });
      const { first, second, leg } = await secondWaitsForCarol();

      network.hangUp(first.sid);
      await settle(network, () =>
        expect(network.get(second.sid).bridgedWith).toBe(leg.sid),
      );
      expect(carolsLegs()).toHaveLength(1);
      expect(network.get(leg.sid).heard).toEqual([
        announcement('4 9 3, 0 5 5, 5 0 0, 0'),
        OFFER_OF_SECOND,
      ]);
      expect(network.get(leg.sid).bridges.map(b => b.with)).toEqual([
        first.sid,
        second.sid,
      ]);
      const alert = await alertOf(SECOND);
      expect(alert.acknowledged_by).toBe(CAROL_REF);
      expect(alert.messages).toEqual(
        expect.arrayContaining([
          expect.stringContaining('took the call as the next caller'),
        ]),
      );

      // After that call too she is offered the next: nobody is left.
      network.hangUp(second.sid);
      await settle(network, () =>
        expect(network.get(leg.sid).status).toBe('completed'),
      );
      expect(network.get(leg.sid).heard.at(-1)).toBe(
        'Nobody else is waiting. Thank you.',
      );
      expect(await knex('line_entries').pluck('call_sid')).toEqual([]);
      await settle(network, async () =>
        expect(
          await knex('line_responders')
            .where({ user_ref: CAROL_REF })
            .whereNotNull('call_sid')
            .first(),
        ).toBeUndefined(),
      );
      expect(carolsLegs()).toHaveLength(1);
    });

    it('a responder who presses 2 after a call is not rung again: the waiting caller goes on without her', async () => {
      network.setPhone(CAROL, { kind: 'answer', press: '1', then: ['2'] });
      const { first, second, leg } = await secondWaitsForCarol();

      network.hangUp(first.sid);
      await settle(network, () =>
        expect(network.get(leg.sid).status).toBe('completed'),
      );
      expect(network.get(leg.sid).heard).toEqual([
        announcement('4 9 3, 0 5 5, 5 0 0, 0'),
        OFFER_OF_SECOND,
        'You will get no more calls from the line for the next hour. Goodbye.',
      ]);
      const away = await knex('line_responders')
        .where({ user_ref: CAROL_REF })
        .first('away_until');
      expect(Number(away.away_until)).toBeGreaterThan(Date.now() + 59 * 60_000);

      // Her step is passed over: the second caller reaches the voicemail.
      await settle(network, () =>
        expect(network.get(second.sid).status).toBe('completed'),
      );
      expect(network.get(second.sid).bridgedWith).toBeUndefined();
      expect((await alertOf(SECOND)).messages).toEqual(
        expect.arrayContaining([
          expect.stringContaining('carol stopped taking calls from the line'),
          expect.stringContaining(
            'Nobody answered: the caller was asked to leave a voicemail',
          ),
        ]),
      );
      expect(carolsLegs()).toHaveLength(1);
    });

    it('a responder who presses 1 once the caller offered has hung up hears that nobody else is waiting', async () => {
      // Past the first prompt she is live: she presses when the test says.
      network.setPhone(CAROL, { kind: 'answer', press: '1' });
      const { first, second, leg } = await secondWaitsForCarol();

      network.hangUp(first.sid);
      await settle(network, () =>
        expect(network.get(leg.sid).heard).toContain(OFFER_OF_SECOND),
      );
      network.hangUp(second.sid);
      await settle(network, async () =>
        expect(await knex('line_entries').pluck('call_sid')).toEqual([]),
      );
      expect(network.press(leg.sid, '1')).toBe(true);
      await settle(network, () =>
        expect(network.get(leg.sid).status).toBe('completed'),
      );
      expect(network.get(leg.sid).heard.at(-1)).toBe(
        'Nobody else is waiting. Thank you.',
      );
      expect(network.get(leg.sid).bridges.map(b => b.with)).toEqual([
        first.sid,
      ]);
      expect((await alertOf(SECOND)).acknowledged_by).toBeNull();
    });
  },
);
