import { mockCredentials } from '@backstage/backend-test-utils';
import type {
  BrowserPickupGrant,
  LineView,
} from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import request from 'supertest';
import twilio from 'twilio';
import {
  AUTH_TOKEN,
  PUBLIC_URL,
  startCallBackend,
} from '../__testUtils__/callBackend';
import { createTestDatabases } from '../__testUtils__/databases';
import { eventually } from '../__testUtils__/eventually';
import { savePlatformIntegration } from '../__testUtils__/platformIntegration';
import { RecordingTwilioClient } from '../__testUtils__/RecordingTwilioClient';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const callSid = (n: number) => `CA${'0'.repeat(28)}000${n}`;
const BROWSER_CALL = `CA${'b'.repeat(28)}0001`;
const JOHN = 'user:default/john.doe-smith'; // Platform
const ANA = 'user:default/ana'; // Platform, on call
const CAROL = 'user:default/carol'; // on call too (the same schedule)

describe.each(databases.eachSupportedId())(
  'the line through real calls on %s',
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
    const getLine = async (userRef: string) => {
      const res = await request(server)
        .get('/api/incoming-call/line')
        .set('Authorization', mockCredentials.user.header(userRef));
      expect(res.status).toBe(200);
      return res.body as LineView;
    };
    const alertOf = async (sid: string) =>
      (await knex('call_sessions').where({ call_sid: sid }).first())
        .alert_id as string;

    it('shows callers waiting for busy responders, and a member takes the head of the line in the browser', async () => {
      // Ana and Carol are rung for the first two callers; the third waits.
      for (const n of [1, 2, 3]) {
        await webhook('/voice', {
          CallSid: callSid(n),
          From: `+493055500${n}`,
          To: '+14155550100',
        });
      }
      const [first, second, third] = await Promise.all(
        [1, 2, 3].map(n => alertOf(callSid(n))),
      );

      let line!: LineView;
      await eventually(async () => {
        line = await getLine(JOHN);
        expect(line.teams).toEqual([
          {
            teamRef: 'group:default/platform',
            teamName: 'Platform',
            waiting: 3,
            callers: [
              expect.objectContaining({
                position: 1,
                alertId: first,
                callerNumber: '+4930555001',
                ringing: { userRef: ANA, displayName: 'ana' },
              }),
              expect.objectContaining({
                position: 2,
                alertId: second,
                ringing: { userRef: CAROL, displayName: 'carol' },
              }),
              expect.objectContaining({ position: 3, alertId: third }),
            ],
          },
        ]);
      });
      expect(line.teams[0].callers[2].ringing).toBeUndefined();
      expect(line.responders).toEqual([
        expect.objectContaining({
          userRef: ANA,
          busyOn: expect.objectContaining({ alertId: first }),
        }),
        expect.objectContaining({
          userRef: CAROL,
          busyOn: expect.objectContaining({ alertId: second }),
        }),
      ]);
      expect(line.you.nextAlertId).toBe(first);
      // Nobody was rung twice: one leg each.
      expect(rest.placedLegs().sort()).toEqual([
        '+14155550101',
        '+14155550103',
      ]);

      // John takes the next caller with the alert's browser pickup.
      const granted = await request(server)
        .post(
          `/api/incoming-call/alerts/${line.you.nextAlertId}/browser-pickup`,
        )
        .set('Authorization', mockCredentials.user.header(JOHN));
      expect(granted.status).toBe(200);
      const grant = granted.body as BrowserPickupGrant;
      const bridged = await webhook('/browser-connect', {
        CallSid: BROWSER_CALL,
        From: `client:${grant.identity}`,
        To: '',
        alert: grant.params.alert,
      });
      expect(bridged.text).toContain(
        `<Dial><Queue>call-${callSid(1)}</Queue></Dial>`,
      );

      // The second caller is at the head of the line now; John is busy on the first.
      const after = await getLine(JOHN);
      expect(after.teams[0]).toMatchObject({ waiting: 2 });
      expect(after.teams[0].callers).toEqual([
        expect.objectContaining({ position: 1, alertId: second }),
        expect.objectContaining({ position: 2, alertId: third }),
      ]);
      expect(after.you.busyOn?.alertId).toBe(first);
    });
  },
);
