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
const ANA = '+14155550101';

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
  'what a caller in the line hears, through the simulated network, on %s',
  id => {
    let knex: Knex;
    let network: SimulatedPhoneNetwork;

    beforeEach(async () => {
      knex = await databases.init(id);
      ({ network } = await startNetworkCallBackend(knex));
      // Ana alone takes the team's calls.
      await savePlatformIntegration(knex, {
        recipients: ['user:default/ana'],
      });
    });

    const messagesOf = async (callSid: string) => {
      const { alert_id: alertId } = await knex('call_sessions')
        .where({ call_sid: callSid })
        .first('alert_id');
      return knex('alert_events')
        .where({ alert_id: alertId })
        .orderBy('seq')
        .pluck('message');
    };

    it('tells the second caller, while Ana talks to the first, they are next, with the wait at her pace; 9 takes them to the voicemail', async () => {
      network.setPhone(ANA, { kind: 'answer', press: '1' });
      const first = network.call('+4930555000', HOTLINE);
      await settle(network, async () => {
        expect(network.get(first.sid).bridgedWith).toBeDefined();
        expect(await messagesOf(first.sid)).toContain(
          'ana answered and was connected to the caller',
        );
      });

      // Ana is busy: the second caller waits in the line, the first one
      // (connected) no longer counts in it. One answer in the last 15
      // minutes: one caller ahead takes about 15.
      const second = network.call('+4930555001', HOTLINE, {
        voicemailSeconds: 5,
      });
      const announcement =
        'You are next in line. The expected wait is about 15 minutes. Press 9 to leave a voicemail instead.';
      await settle(network, () =>
        expect(network.get(second.sid).heard).toContain(announcement),
      );
      expect(network.calls().filter(c => c.to === ANA)).toHaveLength(1);

      expect(network.press(second.sid, '9')).toBe(true);
      await settle(network, async () => {
        expect(network.get(second.sid).status).toBe('completed');
        expect(await messagesOf(second.sid)).toContain(
          'The caller left the line at position 1 to leave a voicemail',
        );
      });
      const heard = network.get(second.sid).heard;
      expect(heard.slice(heard.indexOf(announcement) + 1)).toEqual([
        expect.stringMatching(/^\[hold music .*\/built-in-wait-tone\?/),
        'Nobody is available right now. Please leave a message after the tone.',
        'Thank you. Goodbye.',
      ]);
      expect(await knex('line_entries').pluck('call_sid')).toEqual([]);
      // Ana was never rung for the second caller, and still talks to the first.
      expect(network.calls().filter(c => c.to === ANA)).toHaveLength(1);
      expect(network.get(first.sid).bridgedWith).toBeDefined();

      network.hangUp(first.sid);
      await network.settled();
    });
  },
);
