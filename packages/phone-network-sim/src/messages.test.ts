import twilio from 'twilio';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  HOTLINE,
  PUBLIC,
  startTwimlBackend,
  type TwimlBackend,
} from './__testUtils__/twimlBackend';

const SERVICE = `MG${'a'.repeat(32)}`;
const ANA = '+14155550101';

describe('text messages (the Messages resource), through the official twilio SDK', () => {
  let backend: TwimlBackend;
  let client: ReturnType<typeof twilio>;
  beforeEach(async () => {
    backend = await startTwimlBackend();
    client = twilio(ACCOUNT_SID, AUTH_TOKEN, {
      httpClient: backend.network.httpClient as any,
    });
  });
  afterEach(() => backend.close());

  it('queues a message from a number of the account, then sends and delivers it to the phone', async () => {
    const { network } = backend;
    const created = await client.messages.create({
      from: HOTLINE,
      to: ANA,
      body: 'Call from +4930555000 for Platform',
      statusCallback: `${PUBLIC}/sms-status?alert=7`,
    });
    expect(created).toMatchObject({
      sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      accountSid: ACCOUNT_SID,
      from: HOTLINE,
      to: ANA,
      body: 'Call from +4930555000 for Platform',
      status: 'queued',
      direction: 'outbound-api',
      numSegments: '1',
      messagingServiceSid: null,
      dateSent: null,
    });
    expect(created.dateCreated).toBeInstanceOf(Date);

    await network.settled();
    // Each status after the first, reported and signed like every webhook.
    expect(
      backend
        .to('/sms-status')
        .map(r => [r.params.MessageStatus, r.params.MessageSid, r.signed]),
    ).toEqual([
      ['sent', created.sid, true],
      ['delivered', created.sid, true],
    ]);
    expect(backend.to('/sms-status')[1]).toMatchObject({
      path: '/sms-status?alert=7',
      params: expect.objectContaining({
        AccountSid: ACCOUNT_SID,
        SmsStatus: 'delivered',
        From: HOTLINE,
        To: ANA,
      }),
    });
    const fetched = await client.messages(created.sid).fetch();
    expect(fetched).toMatchObject({ status: 'delivered', body: created.body });
    expect(fetched.dateSent).toBeInstanceOf(Date);
    // On the receiving phone, and nowhere else.
    expect(network.inbox(ANA).map(m => [m.sid, m.from, m.body])).toEqual([
      [created.sid, HOTLINE, 'Call from +4930555000 for Platform'],
    ]);
    expect(network.inbox(HOTLINE)).toEqual([]);
  });

  it('sends through a Messaging Service from a number of its pool', async () => {
    const { network } = backend;
    network.addMessagingService(SERVICE, [HOTLINE]);
    const created = await client.messages.create({
      messagingServiceSid: SERVICE,
      to: ANA,
      body: 'Hello',
      statusCallback: `${PUBLIC}/sms-status`,
    });
    // As on Twilio: accepted, with no sender chosen yet.
    expect(created).toMatchObject({
      status: 'accepted',
      from: null,
      messagingServiceSid: SERVICE,
    });
    await network.settled();
    expect(backend.to('/sms-status').map(r => r.params.MessageStatus)).toEqual([
      'queued',
      'sent',
      'delivered',
    ]);
    expect(backend.to('/sms-status')[0].params.MessagingServiceSid).toBe(
      SERVICE,
    );
    expect(network.inbox(ANA)[0]).toMatchObject({
      from: HOTLINE,
      status: 'delivered',
    });
    await expect(
      client.messages.create({
        messagingServiceSid: `MG${'b'.repeat(32)}`,
        to: ANA,
        body: 'Hello',
      }),
    ).rejects.toMatchObject({ status: 400, code: 21705 });
  });

  it("refuses a bad To, a From that is not the account's, and a missing body, as Twilio does", async () => {
    const { network } = backend;
    const refusal = (params: Parameters<typeof client.messages.create>[0]) =>
      client.messages.create(params).then(
        () => 'sent',
        (error: { status: number; code: number; message: string }) => [
          error.status,
          error.code,
          error.message,
        ],
      );
    expect(
      await refusal({ from: HOTLINE, to: '0151 1234', body: 'Hi' }),
    ).toEqual([400, 21211, "Invalid 'To' Phone Number: 0151 1234"]);
    expect(
      await refusal({ from: '+14155550999', to: ANA, body: 'Hi' }),
    ).toEqual([
      400,
      21606,
      'The From phone number +14155550999 is not a valid, SMS-capable inbound phone number or short code for your account.',
    ]);
    expect(await refusal({ from: 'Platform', to: ANA, body: 'Hi' })).toEqual([
      400,
      21212,
      expect.stringContaining('Invalid From Number'),
    ]);
    expect(await refusal({ from: HOTLINE, to: ANA, body: '' })).toEqual([
      400,
      21602,
      'Message body is required.',
    ]);
    expect(
      await refusal({ from: HOTLINE, to: ANA, body: 'x'.repeat(1601) }),
    ).toEqual([400, 21617, expect.stringContaining('1600 character limit')]);
    await network.settled();
    expect(network.messages()).toEqual([]);
  });

  it('lists messages newest first, filtered by To and From, and 404s an unknown one', async () => {
    const { network } = backend;
    const second = '+14155550102';
    for (const to of [ANA, second, ANA]) {
      await client.messages.create({ from: HOTLINE, to, body: `to ${to}` });
    }
    await network.settled();
    const all = await client.messages.list();
    expect(all).toHaveLength(3);
    expect(all.map(m => m.sid)).toEqual(
      network
        .messages()
        .map(m => m.sid)
        .reverse(),
    );
    expect((await client.messages.list({ to: ANA })).map(m => m.to)).toEqual([
      ANA,
      ANA,
    ]);
    expect(await client.messages.list({ from: second })).toEqual([]);
    expect(network.inbox(second).map(m => m.body)).toEqual([`to ${second}`]);
    await expect(
      client.messages(`SM${'f'.repeat(32)}`).fetch(),
    ).rejects.toMatchObject({ status: 404, code: 20404 });
  });

  it('delivers the message even when its status callback is refused, and says so in settled()', async () => {
    const { network, answer } = backend;
    answer('/broken', () => undefined);
    await client.messages.create({
      from: HOTLINE,
      to: ANA,
      body: 'Hi',
      statusCallback: `${PUBLIC}/broken`,
    });
    await expect(network.settled()).rejects.toThrow('answered 500');
    expect(network.inbox(ANA).map(m => m.body)).toEqual(['Hi']);
  });
});
