import twilio from 'twilio';
import type { SimulatedCall } from '@icr/plugin-phone-network-sim-common';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  HOTLINE,
  PUBLIC,
  startTwimlBackend,
  type TwimlBackend,
} from './__testUtils__/twimlBackend';

const ANA = '+14155550101';
const CALLER = '+4930555000';
const OTHER_CALLER = '+4930555001';

/**
 * A call line as the backend runs one: callers wait in their own queues,
 * a responder leg confirms, takes the caller with `<Dial><Queue>`, and is
 * offered the next caller when the bridge ends.
 */
describe('a call line on the network', () => {
  let backend: TwimlBackend;
  let client: ReturnType<typeof twilio>;
  beforeEach(async () => {
    backend = await startTwimlBackend();
    client = twilio(ACCOUNT_SID, AUTH_TOKEN, {
      httpClient: backend.network.httpClient as any,
    });
    const { answer } = backend;
    answer(
      '/voice',
      p => `<Enqueue waitUrl="/hold" action="/left">queue-${p.From}</Enqueue>`,
    );
    answer('/left', p => `<Say>Queue ${p.QueueResult}</Say>`);
    answer(
      '/leg',
      '<Gather numDigits="1" timeout="10" action="/confirmed"><Say>Press 1</Say></Gather><Hangup/>',
    );
    answer(
      '/confirmed',
      `<Dial action="/after-call"><Queue>queue-${CALLER}</Queue></Dial>`,
    );
    answer(
      '/after-call',
      '<Gather numDigits="1" timeout="10" action="/next-caller">' +
        '<Say>Press 1 for the next caller, 2 to stop taking calls</Say>' +
        '</Gather><Say>Goodbye</Say>',
    );
    answer('/next-caller', p =>
      p.Digits === '1'
        ? `<Dial><Queue>queue-${OTHER_CALLER}</Queue></Dial>`
        : '<Say>Stopped</Say>',
    );
  });
  afterEach(() => backend.close());

  /** The backend rings Ana for a caller, as the call engine does. */
  const ringAna = async () => {
    const { sid } = await client.calls.create({
      to: ANA,
      from: HOTLINE,
      url: `${PUBLIC}/leg`,
      timeout: 30,
    });
    return backend.network.get(sid);
  };

  describe('a responder who talks for a while (talkSeconds)', () => {
    it('hangs up that long after the bridge, and the caller goes on to the Enqueue action', async () => {
      const { network, clock } = backend;
      network.setPhone(ANA, {
        kind: 'answer',
        press: '1',
        afterSeconds: 5,
        talkSeconds: 20,
      });
      const caller = network.call(CALLER, HOTLINE);
      const placedAt = clock.now();
      await backend.advance(10);
      const leg = await ringAna();
      await backend.advance(5);
      expect(caller.bridgedWith).toBe(leg.sid);
      await backend.advance(19);
      expect(leg.status).toBe('in-progress');

      await backend.advance(1);
      expect(leg.status).toBe('completed');
      expect(caller.heard.at(-1)).toBe('Queue bridged');
      // The leg hung up itself: its Dial action is not asked.
      expect(backend.to('/after-call')).toEqual([]);
      expect(caller).toMatchObject({
        createdAt: placedAt,
        answeredAt: placedAt,
        endedAt: placedAt + 35_000,
        bridges: [
          { with: leg.sid, since: placedAt + 15_000, until: placedAt + 35_000 },
        ],
      });
      expect(leg).toMatchObject({
        createdAt: placedAt + 10_000,
        answeredAt: placedAt + 15_000,
        endedAt: placedAt + 35_000,
        bridges: [
          {
            with: caller.sid,
            since: placedAt + 15_000,
            until: placedAt + 35_000,
          },
        ],
      });
    });

    it('talks until the caller hangs up without it', async () => {
      const { network } = backend;
      network.setPhone(ANA, { kind: 'answer', press: '1' });
      const caller = network.call(CALLER, HOTLINE, { hangUpAfterSeconds: 600 });
      const leg = await ringAna();
      await backend.advance(599);
      expect(leg.bridges).toEqual([
        { with: caller.sid, since: expect.any(Number) },
      ]);
      await backend.advance(1);
      expect(leg.bridges[0].until).toBe(caller.endedAt);
    });
  });

  describe('the prompts after the bridge (then)', () => {
    it('presses nothing at a later prompt by default: it times out', async () => {
      const { network } = backend;
      network.setPhone(ANA, { kind: 'answer', press: '1' });
      const caller = network.call(CALLER, HOTLINE, { hangUpAfterSeconds: 30 });
      const leg = await ringAna();
      await backend.advance(30);
      expect(backend.to('/after-call')[0].params).toMatchObject({
        CallSid: leg.sid,
        DialCallStatus: 'completed',
        DialCallSid: caller.sid,
        DialCallDuration: '30',
      });
      await backend.advance(9);
      expect(leg.status).toBe('in-progress');
      await backend.advance(1);
      expect(backend.to('/next-caller')).toEqual([]);
      expect(leg.heard).toEqual([
        'Press 1',
        'Press 1 for the next caller, 2 to stop taking calls',
        'Goodbye',
      ]);
      expect(leg.status).toBe('completed');
    });

    it('takes the next caller, of another queue, once the caller hangs up', async () => {
      const { network } = backend;
      network.setPhone(ANA, { kind: 'answer', press: '1', then: ['1'] });
      const caller = network.call(CALLER, HOTLINE, { hangUpAfterSeconds: 30 });
      const next = network.call(OTHER_CALLER, HOTLINE);
      const leg = await ringAna();
      await network.settled();
      expect(caller.bridgedWith).toBe(leg.sid);
      expect(next.queue).toBe(`queue-${OTHER_CALLER}`);

      await backend.advance(30);
      expect(backend.to('/next-caller')[0].params).toMatchObject({
        CallSid: leg.sid,
        Digits: '1',
      });
      expect(leg.bridgedWith).toBe(next.sid);
      expect(next.bridgedWith).toBe(leg.sid);
      expect(next.queue).toBeUndefined();
      expect(leg.bridges.map(b => [b.with, b.until !== undefined])).toEqual([
        [caller.sid, true],
        [next.sid, false],
      ]);
    });

    it('presses the keys in order, one per prompt', async () => {
      const { network } = backend;
      network.setPhone(ANA, { kind: 'answer', press: '1', then: ['2'] });
      network.call(CALLER, HOTLINE, { hangUpAfterSeconds: 30 });
      const leg = await ringAna();
      await backend.advance(30);
      expect(leg.heard.at(-1)).toBe('Stopped');
      expect(leg.status).toBe('completed');
    });
  });

  describe("a caller's line key (lineKey)", () => {
    beforeEach(() => {
      const { answer } = backend;
      answer(
        '/hold',
        p =>
          `<Gather numDigits="1" action="/line-key"><Say>You are number ${p.QueuePosition}. Press 2 to leave a message</Say>` +
          '<Play>https://cdn.example.com/music.mp3</Play></Gather>',
      );
      answer('/line-key', p => (p.Digits === '2' ? '<Leave/>' : ''));
      answer(
        '/left',
        p =>
          `<Say>Queue ${p.QueueResult}</Say><Record maxLength="60" action="/recorded"/>`,
      );
    });

    it('is pressed that long after joining the queue, and the wait document leaves it', async () => {
      const { network } = backend;
      // Both wait in one queue here: the second hears position 2.
      backend.answer(
        '/voice',
        '<Enqueue waitUrl="/hold" action="/left">support</Enqueue>',
      );
      network.call(OTHER_CALLER, HOTLINE);
      await network.settled();
      const caller = network.call(CALLER, HOTLINE, {
        lineKey: { key: '2', afterSeconds: 45 },
        voicemailSeconds: 12,
      });
      await backend.advance(44);
      expect(backend.to('/line-key')).toEqual([]);
      expect(caller.queue).toBe('support');

      await backend.advance(1);
      expect(backend.to('/line-key')[0].params).toMatchObject({
        CallSid: caller.sid,
        Digits: '2',
      });
      expect(backend.to('/left')[0].params).toMatchObject({
        CallSid: caller.sid,
        QueueResult: 'leave',
        QueueTime: '45',
      });
      expect(backend.to('/recorded')[0].params.RecordingDuration).toBe('12');
      expect(caller.queue).toBeUndefined();
      expect(caller.heard).toEqual([
        'You are number 2. Press 2 to leave a message',
        '[hold music https://cdn.example.com/music.mp3]',
        'Queue leave',
      ]);
    });

    it('waits for the next prompt when none listens at the time', async () => {
      const { network, answer } = backend;
      answer(
        '/hold',
        '<Pause length="60"/><Gather numDigits="1" action="/line-key"><Say>Press 2</Say></Gather>',
      );
      const caller = network.call(CALLER, HOTLINE, {
        lineKey: { key: '2', afterSeconds: 10 },
      });
      await backend.advance(59);
      expect(backend.to('/line-key')).toEqual([]);
      await backend.advance(1);
      expect(backend.to('/line-key')).toHaveLength(1);
      expect(caller.heard).toEqual(['Press 2', 'Queue leave']);
    });

    it('is not pressed when the caller is connected first', async () => {
      const { network } = backend;
      network.setPhone(ANA, { kind: 'answer', press: '1' });
      const caller = network.call(CALLER, HOTLINE, {
        lineKey: { key: '2', afterSeconds: 30 },
      });
      await backend.advance(10);
      const leg = await ringAna();
      await backend.advance(60);
      expect(caller.bridgedWith).toBe(leg.sid);
      expect(backend.to('/line-key')).toEqual([]);
      expect(network.press(caller.sid, '2')).toBe(false);
    });
  });

  describe('wait documents on the clock', () => {
    it('are asked again once a Pause or a Play in them has taken its time', async () => {
      const { network, answer } = backend;
      answer(
        '/hold',
        '<Play loop="2">https://cdn.example.com/music.mp3</Play><Pause length="60"/>',
      );
      network.call(CALLER, HOTLINE);
      // A Play of unknown length lasts 30 s a loop.
      await backend.advance(119);
      expect(backend.to('/hold')).toHaveLength(1);
      await backend.advance(1);
      expect(backend.to('/hold')).toHaveLength(2);
    });

    it('are asked again after 30 s at the least', async () => {
      const { network, answer } = backend;
      answer('/hold', '<Say>Still waiting</Say>');
      const caller = network.call(CALLER, HOTLINE);
      await backend.advance(29);
      expect(backend.to('/hold')).toHaveLength(1);
      await backend.advance(1);
      expect(backend.to('/hold')).toHaveLength(2);
      expect(caller.heard).toEqual(['Still waiting']);
    });
  });

  it("gives every call's times, so that a test can tell each phone's busy intervals", async () => {
    const { network } = backend;
    network.setPhone(ANA, { kind: 'answer', press: '1', afterSeconds: 3 });
    network.call(CALLER, HOTLINE, { hangUpAfterSeconds: 20 });
    await ringAna();
    // Ana is offered the next caller until 30 s, then hangs up.
    await backend.advance(30);
    await ringAna();
    await backend.advance(45);
    const busy = (calls: SimulatedCall[], phone: string) =>
      calls
        .filter(c => c.to === phone)
        .map(c => [c.createdAt, c.endedAt ?? Infinity] as const)
        .sort(([a], [b]) => a - b);
    const intervals = busy(network.calls(), ANA);
    expect(intervals).toHaveLength(2);
    // The second leg was placed once the first had ended.
    expect(intervals[1][0]).toBeGreaterThanOrEqual(intervals[0][1]);
    expect(network.calls().every(c => c.endedAt !== undefined)).toBe(true);
  });
});
