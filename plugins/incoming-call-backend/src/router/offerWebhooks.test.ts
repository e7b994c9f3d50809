import type { Knex } from 'knex';
import request from 'supertest';
import twilio from 'twilio';
import {
  AUTH_TOKEN,
  PUBLIC_URL,
  startCallBackend,
} from '../__testUtils__/callBackend';
import { createTestDatabases } from '../__testUtils__/databases';
import { RecordingTwilioClient } from '../__testUtils__/RecordingTwilioClient';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const CALL = `CA${'1'.repeat(32)}`;
const LEG = `CA${'3'.repeat(32)}`;

/** Signs like Twilio does: over the public URL (query included) and the form. */
const sign = (path: string, params: Record<string, string>) =>
  twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${path}`, params);

describe.each(databases.eachSupportedId())('the offer webhooks on %s', id => {
  let server: Awaited<ReturnType<typeof startCallBackend>>['server'];
  let knex: Knex;

  beforeEach(async () => {
    knex = await databases.init(id);
    ({ server } = await startCallBackend(
      knex,
      new RecordingTwilioClient({ twilioSids: true }),
    ));
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

  const afterCall = `/after-call?call=${CALL}&leg=0`;
  const nextCaller = `/next-caller?call=${CALL}&leg=0`;
  const onLeg = { CallSid: LEG, CallStatus: 'in-progress' };

  it('refuses requests Twilio did not sign', async () => {
    for (const path of [afterCall, nextCaller]) {
      const res = await post(path, onLeg, 'forged');
      expect(res.status).toBe(403);
    }
  });

  it.each([
    ['a leg that is no number', `/after-call?call=${CALL}&leg=x`, onLeg, 'leg'],
    ['a call that is no call SID', '/after-call?call=CA1&leg=0', onLeg, 'call'],
    [
      'a leg SID that is no call SID',
      afterCall,
      { ...onLeg, CallSid: 'x' },
      'CallSid',
    ],
    ['no call status', afterCall, { CallSid: LEG }, 'CallStatus'],
    [
      'keys that are no keys',
      nextCaller,
      { CallSid: LEG, Digits: '1<' },
      'Digits',
    ],
  ])('answers 400 to %s, naming it', async (_, path, params, field) => {
    const res = await post(path, params);
    expect(res.status).toBe(400);
    expect(res.text).toContain(field);
  });

  it('offers nothing and changes nothing on a leg of a call it does not know', async () => {
    const after = await post(afterCall, {
      ...onLeg,
      DialCallStatus: 'completed',
    });
    expect(after.status).toBe(200);
    expect(after.text).toContain('<Hangup/>');
    expect(after.text).not.toContain('<Gather');

    const two = await post(nextCaller, { CallSid: LEG, Digits: '2' });
    expect(two.status).toBe(200);
    expect(two.text).toContain('<Hangup/>');
    expect(await knex('line_responders').select()).toEqual([]);
  });
});
