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
const FIRST = `CA${'0'.repeat(28)}0001`;
const SECOND = `CA${'0'.repeat(28)}0002`;

/** Signs like Twilio does: over the public URL and the form parameters. */
const sign = (path: string, params: Record<string, string>) =>
  twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${path}`, params);

const said = (twiml: string) => twiml.match(/<Say[^>]*>([^<]*)<\/Say>/)?.[1];

describe.each(databases.eachSupportedId())("the line's webhooks on %s", id => {
  let server: Awaited<ReturnType<typeof startCallBackend>>['server'];
  let knex: Knex;

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
  const arrive = async (callSid: string) => {
    const answer = await post('/voice', {
      CallSid: callSid,
      From: '+4930555000',
      To: '+14155550100',
    });
    expect(answer.text).toContain(`waitUrl="${PUBLIC_URL}/line-wait"`);
    await eventually(async () =>
      expect(
        await knex('line_entries').where({ call_sid: callSid }).first(),
      ).toBeDefined(),
    );
  };

  beforeEach(async () => {
    knex = await databases.init(id);
    ({ server } = await startCallBackend(
      knex,
      new RecordingTwilioClient({ twilioSids: true }),
    ));
    await savePlatformIntegration(knex, {});
  });

  it('tells each caller their place, takes the second out of the line on 9, and the queue-left gives the voicemail', async () => {
    await arrive(FIRST);
    await arrive(SECOND);

    const first = await post('/line-wait', { CallSid: FIRST });
    expect(first.status).toBe(200);
    expect(first.type).toBe('text/xml');
    expect(said(first.text)).toBe(
      'You are next in line. Press 9 to leave a voicemail instead.',
    );
    expect(first.text).toContain(`action="${PUBLIC_URL}/line-key"`);
    expect(first.text).toContain('built-in-wait-tone');

    const wait = await post('/line-wait?audio=music-1', { CallSid: SECOND });
    expect(said(wait.text)).toMatch(/^You are number 2 in line\./);
    expect(wait.text).toMatch(/<Play>[^<]*\/music-1\?[^<]*<\/Play>/);

    // Another key: the announcement again.
    const other = await post('/line-key', { CallSid: SECOND, Digits: '5' });
    expect(said(other.text)).toMatch(/^You are number 2 in line\./);

    const leave = await post('/line-key', { CallSid: SECOND, Digits: '9' });
    expect(leave.text).toContain('<Response><Leave/></Response>');
    const left = await post('/queue-left', {
      CallSid: SECOND,
      QueueResult: 'leave',
    });
    expect(left.text).toContain('<Record');

    const [alert] = await knex('alerts')
      .join('call_sessions', 'call_sessions.alert_id', 'alerts.id')
      .where('call_sessions.call_sid', SECOND)
      .select('alerts.id');
    const events = await knex('alert_events')
      .where({ alert_id: alert.id })
      .pluck('message');
    expect(events).toContain(
      'The caller left the line at position 2 to leave a voicemail',
    );
    // Out of the line: the first caller is alone in it, the second hears only music.
    const after = await post('/line-wait', { CallSid: SECOND });
    expect(after.text).not.toContain('<Say');
  });

  it('refuses unsigned and malformed requests', async () => {
    await arrive(FIRST);
    const params = { CallSid: FIRST, Digits: '9' };
    expect((await post('/line-key', params, 'forged')).status).toBe(403);
    expect((await post('/line-wait', { CallSid: 'nope' })).status).toBe(400);
    expect(
      (await post('/line-wait?audio=../etc', { CallSid: FIRST })).status,
    ).toBe(400);
    // Still in the line: the forged key did nothing.
    expect(
      await knex('line_entries').where({ call_sid: FIRST }).first(),
    ).toBeDefined();
  });
});
