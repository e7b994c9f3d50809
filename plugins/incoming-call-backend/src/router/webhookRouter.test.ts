import { mockCredentials } from '@backstage/backend-test-utils';
import type { IntegrationConfig } from '@icr/plugin-incoming-call-common';
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
import {
  legSid,
  RecordingTwilioClient,
} from '../__testUtils__/RecordingTwilioClient';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** The caller's call, and the first two responder legs placed for it. */
const CALL_SID = `CA${'0'.repeat(28)}0001`;
const LEG1 = legSid(1);
const LEG2 = legSid(2);
const RECORDING_SID = `RE${'0'.repeat(28)}0001`;

/** Signs like Twilio does: over the public URL and the form parameters. */
const sign = (path: string, params: Record<string, string>) =>
  twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${path}`, params);

describe.each(databases.eachSupportedId())('Twilio webhooks on %s', id => {
  let server: Awaited<ReturnType<typeof startCallBackend>>['server'];
  let knex: Knex;
  let rest: RecordingTwilioClient;

  const saveConfig = (changes: Partial<IntegrationConfig>) =>
    savePlatformIntegration(knex, { blocklist: ['+1900*'], ...changes });

  beforeEach(async () => {
    knex = await databases.init(id);
    rest = new RecordingTwilioClient({ twilioSids: true });
    ({ server } = await startCallBackend(knex, rest));
    await saveConfig({});
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
  const voice = (params: Record<string, string>, signature?: string) =>
    post('/voice', params, signature);

  const call = {
    CallSid: `${CALL_SID}`,
    From: '+4930555000',
    To: '+14155550100',
  };
  const legQuery = (leg: number) => `?call=${CALL_SID}&leg=${leg}`;

  const timeline = async () => {
    const [alert] = await knex('alerts').select(
      'id',
      'status',
      'acknowledged_by',
    );
    const events = await knex('alert_events')
      .where({ alert_id: alert.id })
      .orderBy('seq')
      .select('type', 'message');
    return {
      status: alert.status,
      acknowledgedBy: alert.acknowledged_by,
      events: events.map(e => `${e.type}: ${e.message}`),
    };
  };
  const alertCount = async () =>
    Number((await knex('alerts').count({ n: '*' }))[0].n);

  it('routes a call: first responder does not answer, the second confirms and is connected', async () => {
    const answer = await voice(call);
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('text/xml');
    expect(answer.text).toContain(
      `queue-left" waitUrl="${PUBLIC_URL}/line-wait">call-${CALL_SID}</Enqueue>`,
    );

    // Ana's leg is placed through the Twilio SDK.
    await eventually(() => expect(rest.placedLegs()).toEqual(['+14155550101']));
    expect(rest.requests[0]).toMatchObject({
      method: 'POST',
      path: '/Calls.json',
      data: {
        To: '+14155550101',
        From: '+14155550100',
        Url: `${PUBLIC_URL}/responder-answer${legQuery(0)}`,
        StatusCallback: `${PUBLIC_URL}/leg-status${legQuery(0)}`,
        Timeout: 25,
      },
    });

    // Ana's phone rings out: Carol is dialled.
    expect(
      (
        await post(`/leg-status${legQuery(0)}`, {
          CallSid: LEG1,
          CallStatus: 'no-answer',
        })
      ).status,
    ).toBe(204);
    await eventually(() =>
      expect(rest.placedLegs()).toEqual(['+14155550101', '+14155550103']),
    );

    // Carol answers, hears who is calling, and presses 1.
    const gather = await post(`/responder-answer${legQuery(1)}`, {
      CallSid: LEG2,
      CallStatus: 'in-progress',
    });
    expect(gather.text).toContain(
      `<Gather numDigits="1" timeout="10" action="${PUBLIC_URL}/responder-confirm?call=${CALL_SID}&amp;leg=1">`,
    );
    expect(gather.text).toContain(
      'Incoming support call for Platform hotline. Caller: 4 9 3, 0 5 5, 5 0 0, 0. Press 1 to take the call.',
    );
    const confirmPath = `/responder-confirm?call=${CALL_SID}&leg=1`;
    const bridged = await post(confirmPath, { CallSid: LEG2, Digits: '1' });
    expect(bridged.text).toContain(
      `<Dial action="${PUBLIC_URL}/after-call?call=${CALL_SID}&amp;leg=1"><Queue>call-${CALL_SID}</Queue></Dial>`,
    );

    // Twilio retrying Carol's confirmation gets the same bridge; a
    // confirmation from Ana's old leg hears the call was taken.
    const retry = await post(confirmPath, { CallSid: LEG2, Digits: '1' });
    expect(retry.text).toContain(
      `<Dial action="${PUBLIC_URL}/after-call?call=${CALL_SID}&amp;leg=1"><Queue>call-${CALL_SID}</Queue></Dial>`,
    );
    const late = await post(`/responder-confirm?call=${CALL_SID}&leg=0`, {
      CallSid: LEG1,
      Digits: '1',
    });
    expect(late.text).toContain(
      'Someone else has already taken this call. Goodbye.',
    );

    // The call ends: duration and who answered on the timeline.
    await post('/call-status', {
      CallSid: `${CALL_SID}`,
      CallStatus: 'completed',
      CallDuration: '95',
    });
    await post(`/leg-status${legQuery(1)}`, {
      CallSid: LEG2,
      CallStatus: 'completed',
    });

    expect(await timeline()).toEqual({
      status: 'closed',
      acknowledgedBy: 'user:default/carol',
      events: [
        'call-received: Call from +4930555000 to +14155550100 (Platform hotline)',
        'responder-dialled: Dialling ana (a recipient of the integration)',
        'responder-outcome: ana did not take the call (no-answer)',
        'responder-dialled: Dialling carol (a recipient of the integration)',
        'answered: carol answered and was connected to the caller',
        'call-ended: The call ended after 95 s; answered by user:default/carol',
        'closed: Closed: the answered call ended',
      ],
    });
    expect(rest.placedLegs()).toHaveLength(2);
  });

  it('sends the caller to voicemail when nobody confirms, and notes the recording once', async () => {
    await voice(call);
    await eventually(() => expect(rest.placedLegs()).toHaveLength(1));
    // Ana's voicemail box answers but never presses a key; the leg completes.
    await post(`/leg-status${legQuery(0)}`, {
      CallSid: LEG1,
      CallStatus: 'completed',
    });
    await eventually(() => expect(rest.placedLegs()).toHaveLength(2));
    await post(`/leg-status${legQuery(1)}`, {
      CallSid: LEG2,
      CallStatus: 'busy',
    });

    // The caller is taken out of the queue with new TwiML.
    await eventually(() =>
      expect(rest.requests.at(-1)).toMatchObject({
        path: `/Calls/${CALL_SID}.json`,
      }),
    );
    expect(rest.requests.at(-1)!.data.Twiml).toContain(
      `<Record action="${PUBLIC_URL}/voicemail-done" recordingStatusCallback="${PUBLIC_URL}/recording"`,
    );

    const recording = {
      CallSid: `${CALL_SID}`,
      RecordingSid: `${RECORDING_SID}`,
      RecordingUrl: `https://api.twilio.com/Recordings/${RECORDING_SID}`,
      RecordingStatus: 'completed',
      RecordingDuration: '17',
    };
    // The end of the call may be reported before the recording.
    await post('/call-status', {
      CallSid: `${CALL_SID}`,
      CallStatus: 'completed',
      CallDuration: '60',
    });
    await post('/recording', recording);
    await post('/recording', recording);
    expect(
      (await post('/voicemail-done', { CallSid: `${CALL_SID}` })).text,
    ).toContain('Thank you. Goodbye.');

    expect((await timeline()).events).toEqual([
      'call-received: Call from +4930555000 to +14155550100 (Platform hotline)',
      'responder-dialled: Dialling ana (a recipient of the integration)',
      'responder-outcome: ana did not take the call (completed)',
      'responder-dialled: Dialling carol (a recipient of the integration)',
      'responder-outcome: carol did not take the call (busy)',
      'note: Nobody answered: the caller was asked to leave a voicemail',
      'call-ended: The call ended after 60 s',
      'voicemail: Voicemail left (17 s)',
    ]);
  });

  it('cancels the ringing leg and closes the alert once when the caller hangs up', async () => {
    await voice(call);
    await eventually(() => expect(rest.placedLegs()).toHaveLength(1));
    await eventually(async () =>
      expect((await timeline()).events).toHaveLength(2),
    );
    const ended = {
      CallSid: `${CALL_SID}`,
      CallStatus: 'completed',
      CallDuration: '8',
    };
    await post('/call-status', ended);
    await post('/call-status', ended);
    expect(rest.requests.filter(r => r.path === `/Calls/${LEG1}.json`)).toEqual(
      [
        {
          method: 'POST',
          path: `/Calls/${LEG1}.json`,
          data: { Status: 'canceled' },
        },
      ],
    );
    // Ana's leg then reports its end: nobody else is dialled.
    await post(`/leg-status${legQuery(0)}`, {
      CallSid: LEG1,
      CallStatus: 'canceled',
    });
    expect(rest.placedLegs()).toHaveLength(1);
    expect(await timeline()).toMatchObject({
      status: 'closed',
      events: [
        'call-received: Call from +4930555000 to +14155550100 (Platform hotline)',
        'responder-dialled: Dialling ana (a recipient of the integration)',
        'caller-hung-up: The caller hung up after 8 s, before anyone answered',
        'closed: Closed: nobody answered and the caller left',
      ],
    });
  });

  it('moves on when Twilio refuses to place a leg', async () => {
    rest.failNextCreate = true;
    await voice(call);
    await eventually(() =>
      expect(rest.placedLegs()).toEqual(['+14155550101', '+14155550103']),
    );
    expect((await timeline()).events).toContain(
      'responder-outcome: ana did not take the call (failed)',
    );
  });

  it('keeps one alert and one dialling when Twilio sends the voice webhook twice', async () => {
    await voice(call);
    const again = await voice(call);
    expect(again.text).toContain(
      `queue-left" waitUrl="${PUBLIC_URL}/line-wait">call-${CALL_SID}</Enqueue>`,
    );
    await eventually(() => expect(rest.placedLegs()).toHaveLength(1));
    await new Promise(r => setTimeout(r, 100));
    expect(rest.placedLegs()).toHaveLength(1);
    expect(await alertCount()).toBe(1);
  });

  it('rejects a blocked caller without an alert, and counts the rejection', async () => {
    const res = await voice({ ...call, From: '+19005550100' });
    expect(res.text).toContain('<Reject reason="rejected"/>');
    expect(await alertCount()).toBe(0);
    expect(await knex('call_rejections').pluck('caller_number')).toEqual([
      '+19005550100',
    ]);
  });

  it('goes straight to voicemail when users to try is 0', async () => {
    await saveConfig({ usersToTry: 0 });
    const answer = await voice(call);
    expect(answer.text).toContain(
      `<Record action="${PUBLIC_URL}/voicemail-done"`,
    );
    await new Promise(r => setTimeout(r, 100));
    expect(rest.requests).toEqual([]);
    expect((await timeline()).events).toEqual([
      'call-received: Call from +4930555000 to +14155550100 (Platform hotline)',
      'note: Users to try is 0: the caller was asked to leave a voicemail',
    ]);
  });

  it('refuses requests without a valid signature and changes nothing', async () => {
    const unsigned = await request(server)
      .post('/api/incoming-call/webhooks/voice')
      .type('form')
      .send(call);
    expect(unsigned.status).toBe(403);
    expect(
      (await voice({ ...call, From: '+19005550100' }, sign('/voice', call)))
        .status,
    ).toBe(403);
    // Signed for the Host header instead of the configured public URL.
    const wrongUrl = twilio.getExpectedTwilioSignature(
      AUTH_TOKEN,
      'http://127.0.0.1/api/incoming-call/webhooks/voice',
      call,
    );
    expect((await voice(call, wrongUrl)).status).toBe(403);
    // A query string is part of what is signed.
    const leg = { CallSid: LEG1, CallStatus: 'no-answer' };
    expect(
      (
        await post(
          `/leg-status?call=${CALL_SID}&leg=1`,
          leg,
          sign(`/leg-status?call=${CALL_SID}&leg=0`, leg),
        )
      ).status,
    ).toBe(403);
    expect(await alertCount()).toBe(0);
    expect(rest.requests).toEqual([]);
  });

  describe('auto-attendant', () => {
    const menuWith = (withDefault: boolean) => ({
      enabled: true,
      prompt: { type: 'text' as const, text: 'Press 1 for Ana.' },
      options: [
        { key: '1' as const, label: 'Ana', recipients: ['user:default/ana'] },
        ...(withDefault
          ? [
              {
                key: '*' as const,
                label: 'Anyone',
                recipients: ['user:default/carol'],
              },
            ]
          : []),
      ],
    });

    it("rings the chosen option's recipients, and * for any other key", async () => {
      await saveConfig({ autoAttendant: menuWith(true) });
      expect((await voice(call)).text).toContain('<Gather numDigits="1"');
      const chosen = await post('/menu?attempt=1', {
        CallSid: `${CALL_SID}`,
        Digits: '7',
      });
      expect(chosen.text).toContain(
        `queue-left" waitUrl="${PUBLIC_URL}/line-wait">call-${CALL_SID}</Enqueue>`,
      );
      await eventually(() =>
        expect(rest.placedLegs()).toEqual(['+14155550103']),
      );
      expect((await timeline()).events).toContain(
        'menu-choice: The caller pressed 7: Anyone',
      );
    });

    it('asks once more after an unknown key, then ends the call', async () => {
      await saveConfig({ autoAttendant: menuWith(false) });
      await voice(call);
      const retry = await post('/menu?attempt=1', {
        CallSid: `${CALL_SID}`,
        Digits: '7',
      });
      expect(retry.text).toContain('Sorry, that is not one of the options.');
      expect(retry.text).toContain(`action="${PUBLIC_URL}/menu?attempt=2"`);
      const end = await post('/menu?attempt=2', {
        CallSid: `${CALL_SID}`,
        Digits: '9',
      });
      // Nothing to thank the caller for.
      expect(end.text).toContain('>Goodbye.</Say><Hangup/>');
      await post('/call-status', {
        CallSid: `${CALL_SID}`,
        CallStatus: 'completed',
        CallDuration: '20',
      });
      expect(rest.requests).toEqual([]);
      expect(await timeline()).toMatchObject({
        status: 'closed',
        events: [
          'call-received: Call from +4930555000 to +14155550100 (Platform hotline)',
          'menu-choice: The caller pressed 7, which is not an option: asked once more',
          'menu-choice: The caller pressed 9, which is not an option: the call was ended after the second try',
          'call-ended: The call ended after 20 s',
          'closed: Closed: nobody answered and the caller left',
        ],
      });
    });
  });

  it('tells the caller a number nobody owns is not in service', async () => {
    const res = await voice({ ...call, To: '+14155550999' });
    expect(res.text).toContain(
      'This number is not in service. Goodbye.</Say><Hangup/>',
    );
  });

  it('lists the alert the call created on the team alerts', async () => {
    await voice(call);
    const alerts = await request(server)
      .get('/api/incoming-call/teams/default/platform/alerts')
      .set('Authorization', mockCredentials.user.header('user:default/ana'));
    expect(alerts.body.items).toHaveLength(1);
  });
});
