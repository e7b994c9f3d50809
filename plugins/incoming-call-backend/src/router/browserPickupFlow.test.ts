import { mockCredentials } from '@backstage/backend-test-utils';
import type { BrowserPickupGrant } from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import request from 'supertest';
import twilio from 'twilio';
import {
  AUTH_TOKEN,
  BROWSER,
  PUBLIC_URL,
  startCallBackend,
} from '../__testUtils__/callBackend';
import { createTestDatabases } from '../__testUtils__/databases';
import { eventually } from '../__testUtils__/eventually';
import { savePlatformIntegration } from '../__testUtils__/platformIntegration';
import {
  legSid,
  RecordingTwilioClient,
} from '../__testUtils__/RecordingTwilioClient';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** The caller's call, and browser calls in Twilio's format. */
const CALL_SID = `CA${'0'.repeat(28)}0001`;
const browserCall = (n: number) => `CA${'b'.repeat(28)}000${n}`;

describe.each(databases.eachSupportedId())(
  'taking a call in the browser on %s',
  id => {
    let server: Awaited<ReturnType<typeof startCallBackend>>['server'];
    let knex: Knex;
    let rest: RecordingTwilioClient;

    beforeEach(async () => {
      knex = await databases.init(id);
      rest = new RecordingTwilioClient({ twilioSids: true });
      ({ server } = await startCallBackend(knex, rest));
      await savePlatformIntegration(knex);
    });

    const webhook = (path: string, params: Record<string, string>) =>
      request(server)
        .post(`/api/incoming-call/webhooks${path}`)
        .type('form')
        .set(
          'X-Twilio-Signature',
          twilio.getExpectedTwilioSignature(
            AUTH_TOKEN,
            `${PUBLIC_URL}${path}`,
            params,
          ),
        )
        .send(params);
    const askToPickUp = (alertId: string, userRef: string) =>
      request(server)
        .post(`/api/incoming-call/alerts/${alertId}/browser-pickup`)
        .set('Authorization', mockCredentials.user.header(userRef));
    const connect = (alertId: string, identity: string, CallSid: string) =>
      webhook('/browser-connect', {
        CallSid,
        From: `client:${identity}`,
        To: '',
        alert: alertId,
      });

    /** A call from the hotline with Ana's phone ringing; its alert id. */
    async function ringingCall() {
      await webhook('/voice', {
        CallSid: CALL_SID,
        From: '+4930555000',
        To: '+14155550100',
      });
      await eventually(() =>
        expect(rest.placedLegs()).toEqual(['+14155550101']),
      );
      await eventually(async () =>
        expect(
          JSON.parse((await knex('call_sessions').first()).data).flow.leg.sid,
        ).toBe(legSid(1)),
      );
      return (await knex('alerts').first()).id as string;
    }

    it('connects a responder who takes the call in the browser, and stops the ringing phone', async () => {
      const alertId = await ringingCall();

      // Carol is in Engineering, not Platform, but this call's plan rings her.
      const granted = await askToPickUp(alertId, 'user:default/carol');
      expect(granted.status).toBe(200);
      const grant = granted.body as BrowserPickupGrant;
      expect(grant).toMatchObject({
        provider: 'twilio',
        identity: 'user_default_carol',
        params: { alert: alertId },
      });
      // A Voice SDK token for the TwiML app, signed with the API key.
      const [, payload] = grant.token!.split('.');
      const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString());
      expect(decoded).toMatchObject({
        iss: BROWSER.apiKeySid,
        grants: {
          identity: 'user_default_carol',
          voice: { outgoing: { application_sid: BROWSER.twimlAppSid } },
        },
      });

      const bridged = await connect(alertId, grant.identity, browserCall(1));
      expect(bridged.text).toContain(
        `<Dial><Queue>call-${CALL_SID}</Queue></Dial>`,
      );
      await eventually(() =>
        expect(
          rest.requests.map(r => `${r.path} ${r.data.Status ?? ''}`),
        ).toContain(`/Calls/${legSid(1)}.json canceled`),
      );
      const alert = await knex('alerts').first();
      expect(alert.acknowledged_by).toBe('user:default/carol');
      expect(
        await knex('alert_events').orderBy('seq').pluck('message'),
      ).toContain(
        'carol took the call in the browser and was connected to the caller',
      );

      // Ana presses 1 on her phone a moment later; a second browser tries too.
      const late = await webhook(`/responder-confirm?call=${CALL_SID}&leg=0`, {
        CallSid: legSid(1),
        Digits: '1',
      });
      expect(late.text).toContain('Someone else has already taken this call');
      expect(
        (await connect(alertId, 'user_default_ana', browserCall(2))).text,
      ).toContain('Someone else has already taken this call');
      // And the API says the caller is no longer waiting.
      const after = await askToPickUp(alertId, 'user:default/ana');
      expect(after.status).toBe(409);
      expect(after.body.error.message).toBe(
        'The caller is no longer waiting for a responder',
      );
    });

    it('connects a member whose name has . and - (user:default/john.doe-smith)', async () => {
      const alertId = await ringingCall();
      const granted = await askToPickUp(alertId, 'user:default/john.doe-smith');
      expect(granted.status).toBe(200);
      const grant = granted.body as BrowserPickupGrant;
      expect(grant.identity).toBe('user_default_john_doe_smith');
      const bridged = await connect(alertId, grant.identity, browserCall(3));
      expect(bridged.text).toContain(
        `<Dial><Queue>call-${CALL_SID}</Queue></Dial>`,
      );
      expect((await knex('alerts').first()).acknowledged_by).toBe(
        'user:default/john.doe-smith',
      );
    });

    it('refuses people who are neither in the team nor rung by the call', async () => {
      const alertId = await ringingCall();
      const refused = await askToPickUp(alertId, 'user:default/bob');
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        'Only members of Platform hotline and the responders this call rings may take it',
      );
      // A client connecting without a grant is sent away; the call rings on.
      const sneaky = await connect(alertId, 'user_default_bob', browserCall(9));
      expect(sneaky.text).not.toContain('<Dial>');
      expect(sneaky.text).toContain('<Hangup/>');
      expect((await knex('alerts').first()).status).toBe('open');
      expect(
        (await askToPickUp('no-such-alert', 'user:default/ana')).status,
      ).toBe(404);
    });
  },
);
