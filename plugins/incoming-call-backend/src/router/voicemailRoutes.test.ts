import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import type { SimulatedPhoneNetwork } from '@icr/phone-network-sim';
import type { Knex } from 'knex';
import twilio from 'twilio';
import {
  AUTH_TOKEN,
  PUBLIC_URL,
  startNetworkCallBackend,
} from '../__testUtils__/callBackend';
import { createTestDatabases } from '../__testUtils__/databases';
import { permissionsFromDefaultPolicy } from '../__testUtils__/defaultPolicy';
import { eventually } from '../__testUtils__/eventually';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../__testUtils__/platformIntegration';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ANA = '+14155550101';
const CAROL = '+14155550103';
const ana = mockCredentials.user.header('user:default/ana'); // Platform
const bob = mockCredentials.user.header('user:default/bob'); // Payments

describe.each(databases.eachSupportedId())(
  'voicemail playback and transcription on %s',
  id => {
    let knex: Knex;
    let network: SimulatedPhoneNetwork;
    let api = '';
    let webhooks = '';
    /** The alert signals the backend published. */
    const published: any[] = [];

    beforeEach(async () => {
      knex = await databases.init(id);
      published.length = 0;
      const started = await startNetworkCallBackend(knex, [
        permissionsFromDefaultPolicy(),
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({
            publish: async (signal: unknown) => {
              published.push(signal);
            },
          }),
        }),
      ]);
      network = started.network;
      api = `${started.root}/api/incoming-call`;
      webhooks = `${started.root}/api/incoming-call/webhooks`;
      await savePlatformIntegration(knex);
    });

    /** A caller leaves a message of `seconds` (nobody answers). */
    async function leaveVoicemail(seconds: number, transcript?: string) {
      network.setPhone(ANA, { kind: 'no-answer' });
      network.setPhone(CAROL, { kind: 'busy' });
      network.call('+4930555000', HOTLINE, {
        voicemailSeconds: seconds,
        voicemailTranscript: transcript,
      });
      let row: Record<string, any> | undefined;
      await eventually(async () => {
        await network.settled();
        row = await knex('alert_voicemails').first();
        expect(row).toBeDefined();
        expect(row?.transcript ?? null).toEqual(
          seconds >= 2 && seconds <= 120 ? expect.any(String) : null,
        );
      });
      return row!;
    }

    const get = (
      path: string,
      auth: string,
      headers: Record<string, string> = {},
    ) =>
      fetch(`${api}${path}`, { headers: { Authorization: auth, ...headers } });

    /** Posts a transcription callback, signed as Twilio does unless told. */
    const postTranscription = (params: Record<string, string>, signed = true) =>
      fetch(`${webhooks}/transcription`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Twilio-Signature': signed
            ? twilio.getExpectedTwilioSignature(
                AUTH_TOKEN,
                `${PUBLIC_URL}/transcription`,
                params,
              )
            : 'forged',
        },
        body: new URLSearchParams(params).toString(),
      });

    it('serves the whole recording, uncached, with ranges on offer', async () => {
      const voicemail = await leaveVoicemail(8);
      const res = await get(`/alerts/${voicemail.alert_id}/voicemail`, ana);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^audio\/(x-)?wav/);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(res.headers.get('accept-ranges')).toBe('bytes');
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.subarray(0, 4).toString()).toBe('RIFF');
      expect(body.subarray(8, 12).toString()).toBe('WAVE');
      // 8 s at 8 kHz, 16-bit mono: the data chunk after the 44-byte header.
      expect(body.readUInt32LE(40)).toBe(8 * 16000);
      expect(body.length).toBe(44 + 8 * 16000);
      expect(res.headers.get('content-length')).toBe(String(body.length));
    });

    it('answers a Range request with 206 and only those bytes', async () => {
      const voicemail = await leaveVoicemail(3);
      const size = 44 + 3 * 16000;
      const res = await get(`/alerts/${voicemail.alert_id}/voicemail`, ana, {
        Range: 'bytes=44-1043',
      });
      expect(res.status).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes 44-1043/${size}`);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(Buffer.from(await res.arrayBuffer()).length).toBe(1000);

      const tail = await get(`/alerts/${voicemail.alert_id}/voicemail`, ana, {
        Range: `bytes=${size - 10}-`,
      });
      expect(tail.status).toBe(206);
      expect(Buffer.from(await tail.arrayBuffer()).length).toBe(10);

      const beyond = await get(`/alerts/${voicemail.alert_id}/voicemail`, ana, {
        Range: `bytes=${size}-`,
      });
      expect(beyond.status).toBe(416);
    });

    it('forbids someone outside the team', async () => {
      const voicemail = await leaveVoicemail(3);
      const res = await get(`/alerts/${voicemail.alert_id}/voicemail`, bob);
      expect(res.status).toBe(403);
      const anonymous = await fetch(
        `${api}/alerts/${voicemail.alert_id}/voicemail`,
      );
      // The test backend's request without a token is a mock user's, who
      // is in no team either.
      expect(anonymous.status).toBe(403);
    });

    it('answers 404 for an alert without a voicemail, and for no alert', async () => {
      network.setPhone(ANA, { kind: 'answer', press: '1' });
      const caller = network.call('+4930555000', HOTLINE);
      await eventually(async () => {
        await network.settled();
        expect(network.get(caller.sid).bridgedWith).toBeDefined();
      });
      const alert = await knex('alerts').first('id');
      const none = await get(`/alerts/${alert.id}/voicemail`, ana);
      expect(none.status).toBe(404);
      expect((await none.json()).error.message).toBe(
        `Alert ${alert.id} has no voicemail`,
      );
      network.hangUp(caller.sid);
      await network.settled();

      const missing = await get(
        '/alerts/00000000-0000-0000-0000-000000000000/voicemail',
        ana,
      );
      expect(missing.status).toBe(404);
    });

    it('puts a signed transcription on the alert and its event, once', async () => {
      // 1 s: Twilio transcribes nothing shorter than 2 s.
      const voicemail = await leaveVoicemail(1);
      expect(voicemail.transcript).toBeNull();
      const event = () =>
        knex('alert_events').where({ id: voicemail.recording_sid }).first();
      expect((await event()).message).toBe('Voicemail left (1 s)');

      const params = {
        AccountSid: 'AC123',
        CallSid: voicemail.call_sid,
        RecordingSid: voicemail.recording_sid,
        RecordingUrl: voicemail.recording_url,
        TranscriptionSid: `TR${'1'.repeat(32)}`,
        TranscriptionStatus: 'completed',
        TranscriptionText: 'Call me back about the invoice',
      };
      const unsigned = await postTranscription(params, false);
      expect(unsigned.status).toBe(403);
      expect(
        (await knex('alert_voicemails').first('transcript')).transcript,
      ).toBeNull();

      // The call is over and quiet: the transcript's signal is the next.
      await network.settled();
      const signalled = published.length;
      expect((await postTranscription(params)).status).toBe(204);
      expect(
        (await knex('alert_voicemails').first('transcript')).transcript,
      ).toBe('Call me back about the invoice');
      // Live views learn the alert changed.
      expect(published.slice(signalled)).toEqual([
        expect.objectContaining({
          channel: 'incoming-call:alerts',
          message: {
            alertId: voicemail.alert_id,
            teamRef: 'group:default/platform',
            change: 'event',
          },
        }),
      ]);
      expect((await event()).message).toBe(
        'Voicemail left (1 s): “Call me back about the invoice”',
      );

      // A duplicate, even with other text, changes nothing.
      const before = await knex('alert_voicemails').first();
      expect(
        (
          await postTranscription({
            ...params,
            TranscriptionText: 'Something else',
          })
        ).status,
      ).toBe(204);
      expect(await knex('alert_voicemails').first()).toEqual(before);
      expect(published).toHaveLength(signalled + 1);
      expect((await event()).message).toBe(
        'Voicemail left (1 s): “Call me back about the invoice”',
      );

      // A malformed one is refused.
      expect(
        (await postTranscription({ ...params, RecordingSid: 'nope' })).status,
      ).toBe(400);
    });
  },
);
