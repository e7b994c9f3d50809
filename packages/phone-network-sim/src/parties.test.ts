import twilio from 'twilio';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  HOTLINE,
  PUBLIC,
  startTwimlBackend,
  type TwimlBackend,
} from './__testUtils__/twimlBackend';

const ANA = '+14155550101';
const CONFIRM =
  '<Gather numDigits="1" timeout="10" action="/confirmed"><Say>Press 1</Say></Gather><Hangup/>';

describe('parties on the network', () => {
  let backend: TwimlBackend;
  let client: ReturnType<typeof twilio>;
  beforeEach(async () => {
    backend = await startTwimlBackend();
    client = twilio(ACCOUNT_SID, AUTH_TOKEN, {
      httpClient: backend.network.httpClient as any,
    });
    backend.answer('/answer', CONFIRM);
    backend.answer('/confirmed', p => `<Say>Pressed ${p.Digits}</Say>`);
  });
  afterEach(() => backend.close());

  /** The backend rings a responder, as the call engine does. */
  const ring = (timeout = 20, events?: string[]) =>
    client.calls.create({
      to: ANA,
      from: HOTLINE,
      url: `${PUBLIC}/answer`,
      statusCallback: `${PUBLIC}/leg-status`,
      ...(events ? { statusCallbackEvent: events } : {}),
      timeout,
    });

  const statuses = () =>
    backend.to('/leg-status').map(r => r.params.CallStatus);

  it('a responder who answers and confirms does so at once', async () => {
    const { network } = backend;
    network.setPhone(ANA, { kind: 'answer', press: '1' });
    const { sid } = await ring();
    await network.settled();
    expect(network.get(sid)).toMatchObject({
      status: 'completed',
      heard: ['Press 1', 'Pressed 1'],
    });
  });

  it('reports each progress event asked for, numbered, with the time and the duration', async () => {
    const { network, clock } = backend;
    network.setPhone(ANA, { kind: 'answer', press: '', afterSeconds: 4 });
    backend.answer('/answer', '<Pause length="30"/>');
    const started = clock.now();
    await ring(20, ['initiated', 'ringing', 'answered', 'completed']);
    await backend.advance(4);
    await backend.advance(30);
    const callbacks = backend.to('/leg-status').map(r => r.params);
    expect(callbacks.map(p => [p.CallStatus, p.SequenceNumber])).toEqual([
      ['initiated', '0'],
      ['ringing', '1'],
      ['in-progress', '2'],
      ['completed', '3'],
    ]);
    expect(callbacks[3]).toMatchObject({
      CallDuration: '30',
      Timestamp: new Date(started + 34_000)
        .toUTCString()
        .replace('GMT', '+0000'),
    });
    expect(backend.received.every(r => r.signed)).toBe(true);
  });

  it('a responder who ignores the call rings until the REST Timeout, then no-answer', async () => {
    const { network } = backend;
    network.setPhone(ANA, { kind: 'ring' });
    const { sid } = await ring(25);
    await backend.advance(24);
    expect(network.get(sid).status).toBe('ringing');
    await backend.advance(1);
    expect(network.get(sid).status).toBe('no-answer');
    expect(backend.to('/answer')).toEqual([]);
    expect(backend.to('/leg-status')[0].params.CallDuration).toBe('0');
  });

  it('a person answers a ringing phone by hand and confirms with a live key', async () => {
    const { network } = backend;
    network.setPhone(ANA, { kind: 'ring' });
    const { sid } = await ring();
    await backend.advance(3);
    expect(network.press(sid, '1')).toBe(false);
    expect(network.answer(sid)).toBe(true);
    await network.settled();
    expect(network.get(sid)).toMatchObject({
      status: 'in-progress',
      heard: ['Press 1'],
    });
    expect(network.answer(sid)).toBe(false);

    network.press(sid, '1');
    await network.settled();
    expect(network.get(sid).heard).toEqual(['Press 1', 'Pressed 1']);
  });

  it('a person who answers by hand and says nothing times out at the prompt', async () => {
    const { network } = backend;
    network.setPhone(ANA, { kind: 'ring' });
    const { sid } = await ring();
    await network.settled();
    network.answer(sid);
    await backend.advance(10);
    expect(network.get(sid)).toMatchObject({
      status: 'completed',
      heard: ['Press 1'],
    });
    expect(backend.to('/confirmed')).toEqual([]);
  });

  it('hanging up a ringing phone declines the call (busy)', async () => {
    const { network } = backend;
    network.setPhone(ANA, { kind: 'ring' });
    const { sid } = await ring();
    await network.settled();
    network.hangUp(sid);
    await network.settled();
    expect(statuses()).toEqual(['busy']);
  });

  it('busy and unreachable phones end at once', async () => {
    const { network } = backend;
    network.setPhone(ANA, { kind: 'busy' });
    await ring();
    await network.settled();
    network.setPhone(ANA, { kind: 'no-answer' });
    await ring();
    await network.settled();
    expect(statuses()).toEqual(['busy', 'no-answer']);
  });

  it('a voicemail box answers and never presses anything', async () => {
    const { network } = backend;
    network.setPhone(ANA, { kind: 'voicemail-box' });
    backend.answer(
      '/answer',
      '<Gather timeout="10"><Say>Press 1</Say></Gather><Gather timeout="10"><Say>Again</Say></Gather>',
    );
    const { sid } = await ring();
    await network.settled();
    expect(network.get(sid)).toMatchObject({
      status: 'completed',
      heard: ['Press 1', 'Again'],
    });
  });

  it('the backend cancels a ringing leg', async () => {
    const { network } = backend;
    network.setPhone(ANA, { kind: 'ring' });
    const { sid } = await ring();
    await network.settled();
    const cancelled = await client.calls(sid).update({ status: 'canceled' });
    await network.settled();
    expect(cancelled.sid).toBe(sid);
    expect(network.get(sid).status).toBe('canceled');
    expect(statuses()).toEqual(['canceled']);
  });

  it('canceling only stops a leg still ringing; completing hangs up an answered one', async () => {
    const { network } = backend;
    network.setPhone(ANA, { kind: 'ring' });
    const { sid } = await ring();
    await network.settled();
    network.answer(sid);
    await network.settled();
    await client.calls(sid).update({ status: 'canceled' });
    await network.settled();
    expect(network.get(sid).status).toBe('in-progress');

    await client.calls(sid).update({ status: 'completed' });
    await network.settled();
    expect(network.get(sid).status).toBe('completed');
  });

  it('a caller hangs up after the seconds the script says', async () => {
    const { network, answer } = backend;
    answer('/voice', '<Enqueue>support</Enqueue>');
    const caller = network.call('+4930555000', HOTLINE, {
      hangUpAfterSeconds: 45,
    });
    await backend.advance(44);
    expect(caller.status).toBe('in-progress');
    await backend.advance(1);
    expect(caller.status).toBe('completed');
    expect(backend.to('/status')[0].params.CallDuration).toBe('45');
  });

  it('a browser client calls out with its identity and custom parameters', async () => {
    const { network, answer } = backend;
    answer('/browser-connect', p => `<Say>Taking ${p.alertId}</Say>`);
    const call = network.connectClient(
      'user_default_ana',
      `${PUBLIC}/browser-connect`,
      { alertId: 'A1' },
    );
    await network.settled();
    expect(call).toMatchObject({
      from: 'client:user_default_ana',
      heard: ['Taking A1'],
      status: 'completed',
    });
    expect(backend.to('/browser-connect')[0]).toMatchObject({
      signed: true,
      params: expect.objectContaining({
        Caller: 'client:user_default_ana',
        From: 'client:user_default_ana',
        Direction: 'inbound',
        alertId: 'A1',
      }),
    });
  });

  it('new TwiML from the backend takes a caller out of the queue', async () => {
    const { network, answer } = backend;
    answer('/voice', '<Enqueue waitUrl="/hold">support</Enqueue>');
    answer('/hold', '<Play loop="0">https://cdn.example.com/music.mp3</Play>');
    const caller = network.call('+4930555000', HOTLINE);
    await backend.advance(120);
    expect(backend.to('/hold')).toHaveLength(1);

    await client.calls(caller.sid).update({
      twiml: '<Response><Say>Nobody is free</Say><Hangup/></Response>',
    });
    await network.settled();
    expect(caller.heard).toEqual([
      '[hold music https://cdn.example.com/music.mp3]',
      'Nobody is free',
    ]);
    expect(caller.status).toBe('completed');
    expect(backend.clock.pending).toBe(0);
  });
});
