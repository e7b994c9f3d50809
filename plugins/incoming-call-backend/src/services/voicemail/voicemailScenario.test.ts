import { mockCredentials } from '@backstage/backend-test-utils';
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
const ana = mockCredentials.user.header('user:default/ana');

describe.each(databases.eachSupportedId())(
  'a voicemail through the simulated phone network on %s',
  id => {
    let knex: Knex;
    let network: SimulatedPhoneNetwork;
    let api = '';

    beforeEach(async () => {
      knex = await databases.init(id);
      const started = await startNetworkCallBackend(knex);
      network = started.network;
      api = `${started.root}/api/incoming-call`;
      await savePlatformIntegration(knex);
    });

    it('is recorded, plays as a WAV of its length, and its transcript lands on the alert', async () => {
      network.setPhone('+14155550101', { kind: 'no-answer' });
      network.setPhone('+14155550103', { kind: 'busy' });
      network.call('+4930555000', HOTLINE, {
        voicemailSeconds: 12,
        voicemailTranscript: 'The build server is down, please call back',
      });

      let alertId = '';
      await eventually(async () => {
        await network.settled();
        const row = await knex('alert_voicemails').first();
        expect(row?.transcript).toBe(
          'The build server is down, please call back',
        );
        alertId = row.alert_id;
      });

      const audio = await fetch(`${api}/alerts/${alertId}/voicemail`, {
        headers: { Authorization: ana },
      });
      expect(audio.status).toBe(200);
      const wav = Buffer.from(await audio.arrayBuffer());
      expect(wav.subarray(0, 4).toString()).toBe('RIFF');
      // The WAV's own length: data bytes / (rate × bytes a sample).
      const rate = wav.readUInt32LE(24);
      const bytesPerSecond = wav.readUInt32LE(28);
      expect(rate).toBe(8000);
      expect(wav.readUInt32LE(40) / bytesPerSecond).toBe(12);

      const alert = await (
        await fetch(`${api}/alerts/${alertId}`, {
          headers: { Authorization: ana },
        })
      ).json();
      const voicemailEvent = alert.events.find(
        (e: { type: string }) => e.type === 'voicemail',
      );
      expect(voicemailEvent.message).toBe(
        'Voicemail left (12 s): “The build server is down, please call back”',
      );
      expect(voicemailEvent.recordingSid).toBe(voicemailEvent.id);
      expect(alert.voicemail).toEqual({
        recordingSid: voicemailEvent.id,
        durationSeconds: 12,
        transcript: 'The build server is down, please call back',
      });

      // The alert lists carry it too.
      const page = await (
        await fetch(`${api}/alerts?outcome=voicemail`, {
          headers: { Authorization: ana },
        })
      ).json();
      expect(page.items).toEqual([
        expect.objectContaining({
          id: alertId,
          voicemail: alert.voicemail,
        }),
      ]);
    });
  },
);
