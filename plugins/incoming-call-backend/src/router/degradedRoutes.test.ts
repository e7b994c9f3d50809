import type { Knex } from 'knex';
import request from 'supertest';
import twilio from 'twilio';
import {
  AUTH_TOKEN,
  PUBLIC_URL,
  startCallBackend,
} from '../__testUtils__/callBackend';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../__testUtils__/platformIntegration';
import { RecordingTwilioClient } from '../__testUtils__/RecordingTwilioClient';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const CALL_SID = `CA${'0'.repeat(28)}0001`;
const FALLBACK_SID = `CA${'0'.repeat(28)}0002`;
const ANA = '+14155550101';
const CAROL = '+14155550103';

/** Signs like Twilio does: over the public URL (query included) and the form. */
const sign = (path: string, params: Record<string, string>) =>
  twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${path}`, params);

/** A degraded call's state in its URL, as `degradedTwiml` writes it. */
const stateQuery = (extra: Record<string, string> = {}) =>
  new URLSearchParams({
    call: CALL_SID,
    from: '+4930555000',
    to: HOTLINE,
    lang: 'en-US',
    team: 'Platform hotline',
    u: 'user:default/ana,user:default/carol',
    n: `${ANA},${CAROL}`,
    ring: '20',
    vm: '1',
    i: '0',
    ...extra,
  }).toString();

describe.each(databases.eachSupportedId())('degraded routes on %s', id => {
  let server: Awaited<ReturnType<typeof startCallBackend>>['server'];
  let knex: Knex;

  beforeEach(async () => {
    knex = await databases.init(id);
    ({ server } = await startCallBackend(
      knex,
      new RecordingTwilioClient({ twilioSids: true }),
    ));
    await savePlatformIntegration(knex);
  });

  const post = (
    path: string,
    params: Record<string, string>,
    signature = sign(path, params),
  ) =>
    request(server)
      .post(`/api/incoming-call/webhooks${path}`)
      .type('form')
      .set('X-Twilio-Signature', signature)
      .send(params);

  describe('/degraded-confirm', () => {
    const leg = { CallSid: `CA${'1'.repeat(32)}` };

    it('asks the responder to press 1, and bridges on 1', async () => {
      const ask = await post(`/degraded-confirm?${stateQuery()}`, leg);
      expect(ask.status).toBe(200);
      expect(ask.text.match(/<Gather /g)).toHaveLength(2);
      expect(ask.text).toContain('Press 1 to take the call');
      expect(ask.text).toContain('step=key');

      const path = `/degraded-confirm?${stateQuery({ step: 'key' })}`;
      const one = await post(path, { ...leg, Digits: '1' });
      expect(one.status).toBe(200);
      // An empty document ends the whisper: the leg is bridged.
      expect(one.text).toBe(
        '<?xml version="1.0" encoding="UTF-8"?><Response/>',
      );
    });

    it('hangs the leg up on any other key or none', async () => {
      const path = `/degraded-confirm?${stateQuery({ step: 'key' })}`;
      for (const Digits of ['2', '*', '']) {
        const res = await post(path, { ...leg, Digits });
        expect([Digits, res.status]).toEqual([Digits, 200]);
        expect(res.text).toContain('<Hangup/>');
      }
    });

    it('refuses an unsigned or re-signed request with 403', async () => {
      const path = `/degraded-confirm?${stateQuery({ step: 'key' })}`;
      expect(
        (await post(path, { ...leg, Digits: '1' }, 'not-a-signature')).status,
      ).toBe(403);
      // Signed without the query: the state in the URL is not trusted.
      expect(
        (
          await post(
            path,
            { ...leg, Digits: '1' },
            sign('/degraded-confirm', { ...leg, Digits: '1' }),
          )
        ).status,
      ).toBe(403);
      const unsigned = await request(server)
        .post(`/api/incoming-call/webhooks${path}`)
        .type('form')
        .send({ ...leg, Digits: '1' });
      expect(unsigned.status).toBe(403);
    });

    it('answers a malformed state with a 4xx', async () => {
      const path = `/degraded-confirm?${stateQuery({ u: 'user:default/ana' })}`;
      const res = await post(path, leg);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    });
  });

  describe('/voice-fallback', () => {
    const voiceParams = (CallSid: string) => ({
      CallSid,
      From: '+4930555000',
      To: HOTLINE,
      AccountSid: 'AC123',
    });

    it('answers from the routing view, without storing the call', async () => {
      // This replica has not looked the number up yet: the usual apology.
      const unknown = await post('/voice-fallback', voiceParams(FALLBACK_SID));
      expect(unknown.status).toBe(200);
      expect(unknown.text).not.toContain('<Dial');

      // A call through /voice fills the routing view.
      const normal = await post('/voice', voiceParams(CALL_SID));
      expect(normal.status).toBe(200);

      const res = await post('/voice-fallback', voiceParams(FALLBACK_SID));
      expect(res.status).toBe(200);
      expect(res.text).toContain('You have reached the Platform support line');
      // One responder per <Dial>, asked to press 1 before the bridge.
      expect(res.text.match(/<Number /g)).toHaveLength(1);
      expect(res.text).toMatch(
        new RegExp(
          `<Number url="[^"]*/degraded-confirm\\?[^"]*">\\${ANA}</Number>`,
        ),
      );
      expect(
        await knex('call_sessions').where({ call_sid: FALLBACK_SID }).first(),
      ).toBeUndefined();
    });

    it('refuses an unsigned request with 403', async () => {
      const res = await post(
        '/voice-fallback',
        voiceParams(FALLBACK_SID),
        'not-a-signature',
      );
      expect(res.status).toBe(403);
    });
  });
});
