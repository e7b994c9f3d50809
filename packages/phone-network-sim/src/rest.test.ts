import twilio from 'twilio';
import { ManualClock } from './clock';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  HOTLINE,
  PUBLIC,
  startTwimlBackend,
  type TwimlBackend,
} from './__testUtils__/twimlBackend';

describe('the REST API, through the official twilio SDK', () => {
  let backend: TwimlBackend;
  let client: ReturnType<typeof twilio>;
  beforeEach(async () => {
    backend = await startTwimlBackend();
    client = twilio(ACCOUNT_SID, AUTH_TOKEN, {
      httpClient: backend.network.httpClient as any,
    });
  });
  afterEach(() => backend.close());

  it('lists the queues the backend named and the callers waiting in each', async () => {
    const { network, answer } = backend;
    answer('/voice', '<Enqueue>call-one</Enqueue>');
    const first = network.call('+4930555000', HOTLINE);
    await network.settled();
    const second = network.call('+4930555001', HOTLINE);
    await backend.advance(15);

    const queues = await client.queues.list();
    expect(queues).toHaveLength(1);
    expect(queues[0]).toMatchObject({
      friendlyName: 'call-one',
      currentSize: 2,
      maxSize: 100,
      averageWaitTime: 15,
      sid: expect.stringMatching(/^QU[0-9a-f]{32}$/),
    });
    const members = await client.queues(queues[0].sid).members.list();
    expect(members.map(m => [m.callSid, m.position, m.waitTime])).toEqual([
      [first.sid, 1, 15],
      [second.sid, 2, 15],
    ]);
    expect((await client.queues(queues[0].sid).fetch()).friendlyName).toBe(
      'call-one',
    );

    network.hangUp(first.sid);
    await network.settled();
    const [again] = await client.queues.list();
    // The same queue, with the same sid, one caller fewer.
    expect(again).toMatchObject({ sid: queues[0].sid, currentSize: 1 });
  });

  it('buys, lists, updates and releases incoming numbers, routing calls to them', async () => {
    const { network, answer } = backend;
    const listed = await client.incomingPhoneNumbers.list();
    // The number the test backend added with addNumber is listed too.
    expect(listed.map(n => [n.phoneNumber, n.voiceUrl])).toEqual([
      [HOTLINE, `${PUBLIC}/voice`],
    ]);

    const [offer] = await client.availablePhoneNumbers('US').local.list({
      limit: 1,
    });
    const bought = await client.incomingPhoneNumbers.create({
      phoneNumber: offer.phoneNumber,
      voiceUrl: `${PUBLIC}/other-voice`,
      statusCallback: `${PUBLIC}/status`,
    });
    expect(bought).toMatchObject({
      phoneNumber: offer.phoneNumber,
      sid: expect.stringMatching(/^PN[0-9a-f]{32}$/),
      capabilities: expect.objectContaining({ voice: true }),
    });
    await expect(
      client.incomingPhoneNumbers.create({ phoneNumber: offer.phoneNumber }),
    ).rejects.toMatchObject({ status: 400, code: 21422 });

    answer('/other-voice', '<Say>Other line</Say>');
    const call = network.call('+4930555000', offer.phoneNumber);
    await network.settled();
    expect(call.heard).toEqual(['Other line']);

    const updated = await client
      .incomingPhoneNumbers(bought.sid)
      .update({ voiceUrl: `${PUBLIC}/voice` });
    expect(updated.voiceUrl).toBe(`${PUBLIC}/voice`);
    expect(
      (
        await client.incomingPhoneNumbers.list({
          phoneNumber: offer.phoneNumber,
        })
      ).map(n => n.sid),
    ).toEqual([bought.sid]);

    expect(await client.incomingPhoneNumbers(bought.sid).remove()).toBe(true);
    expect(() => network.call('+4930555000', offer.phoneNumber)).toThrow(
      'is not a number of this network',
    );
    // Released, so for sale again.
    const offers = await client.availablePhoneNumbers('US').local.list();
    expect(offers.map(o => o.phoneNumber)).toContain(offer.phoneNumber);
  });

  it('offers made-up local numbers per country, the same every time', async () => {
    const us = await client
      .availablePhoneNumbers('US')
      .local.list({ limit: 3 });
    expect(us.map(n => n.phoneNumber)).toEqual([
      '+14155550150',
      '+14155550151',
      '+14155550152',
    ]);
    expect(us[0]).toMatchObject({
      isoCountry: 'US',
      locality: 'San Francisco',
    });
    const de = await client
      .availablePhoneNumbers('DE')
      .local.list({ limit: 1 });
    expect(de[0].phoneNumber).toMatch(/^\+4930/);
    await expect(
      client.availablePhoneNumbers('ZZ').local.list(),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('creates, fetches and ends calls', async () => {
    const { network, answer } = backend;
    network.setPhone('+14155550101', { kind: 'answer', press: '' });
    answer('/answer', '<Pause length="600"/>');
    const created = await client.calls.create({
      to: '+14155550101',
      from: HOTLINE,
      url: `${PUBLIC}/answer`,
    });
    await backend.advance(90);
    const fetched = await client.calls(created.sid).fetch();
    expect(fetched).toMatchObject({
      sid: created.sid,
      status: 'in-progress',
      direction: 'outbound-api',
      to: '+14155550101',
      from: HOTLINE,
      accountSid: ACCOUNT_SID,
    });
    expect(fetched.startTime).toBeInstanceOf(Date);

    await client.calls(created.sid).update({ status: 'completed' });
    await network.settled();
    expect(await client.calls(created.sid).fetch()).toMatchObject({
      status: 'completed',
      duration: '90',
    });
    await expect(
      client.calls(`CA${'f'.repeat(32)}`).fetch(),
    ).rejects.toMatchObject({
      status: 404,
      code: 20404,
    });
  });

  it('hands out SIDs from the first number it is given, so that a network started again does not repeat them', async () => {
    await backend.close();
    backend = await startTwimlBackend(new ManualClock(), { firstSid: 0xabc0 });
    client = twilio(ACCOUNT_SID, AUTH_TOKEN, {
      httpClient: backend.network.httpClient as any,
    });
    backend.answer('/voice', '<Hangup/>');
    const inbound = backend.network.call('+4930555000', HOTLINE);
    const outbound = await client.calls.create({
      to: '+4930555001',
      from: HOTLINE,
      twiml: '<Response><Hangup/></Response>',
    });
    const [hotline] = await client.incomingPhoneNumbers.list();
    expect([hotline.sid, inbound.sid, outbound.sid]).toEqual([
      `PN${'abc0'.padStart(32, '0')}`,
      `CA${'abc1'.padStart(32, '0')}`,
      `CA${'abc2'.padStart(32, '0')}`,
    ]);
  });

  it('runs TwiML given inline when a call is created', async () => {
    const { network } = backend;
    network.setPhone('+14155550101', { kind: 'answer', press: '' });
    const { sid } = await client.calls.create({
      to: '+14155550101',
      from: HOTLINE,
      twiml: '<Response><Say>Inline</Say></Response>',
    });
    await network.settled();
    expect(network.get(sid)).toMatchObject({
      heard: ['Inline'],
      status: 'completed',
    });
  });
});
