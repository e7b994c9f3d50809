import {
  HOTLINE,
  PUBLIC,
  startTwimlBackend,
  type TwimlBackend,
} from './__testUtils__/twimlBackend';

const CALLER = '+4930555000';
const ANA = '+14155550101';

describe('the TwiML interpreter', () => {
  let backend: TwimlBackend;
  beforeEach(async () => {
    backend = await startTwimlBackend();
  });
  afterEach(() => backend.close());

  it('says, plays, pauses on the clock, redirects and hangs up', async () => {
    const { network, answer } = backend;
    answer(
      '/voice',
      '<Say>Welcome</Say><Play>https://cdn.example.com/chime.mp3</Play>' +
        '<Pause length="4"/><Redirect>next</Redirect>',
    );
    answer('/next', '<Say>Goodbye</Say><Hangup/><Say>Never heard</Say>');
    const call = network.call(CALLER, HOTLINE);
    await network.settled();
    expect(call.heard).toEqual([
      'Welcome',
      '[audio https://cdn.example.com/chime.mp3]',
    ]);

    await backend.advance(3);
    expect(call.status).toBe('in-progress');
    await backend.advance(1);
    expect(call.heard.slice(2)).toEqual(['Goodbye']);
    expect(call.status).toBe('completed');
    expect(backend.to('/next')[0].params).toMatchObject({
      CallSid: call.sid,
      From: CALLER,
      To: HOTLINE,
      Direction: 'inbound',
    });
    // The status callback reports the four seconds the call lasted.
    expect(backend.to('/status')[0].params).toMatchObject({
      CallStatus: 'completed',
      CallDuration: '4',
      SequenceNumber: '0',
    });
  });

  it('hangs up when a document runs out, and rejects with busy', async () => {
    const { network, answer } = backend;
    answer('/voice', '<Say>Short</Say>');
    const short = network.call(CALLER, HOTLINE);
    await network.settled();
    expect(short.status).toBe('completed');

    answer('/voice', '<Reject reason="rejected"/>');
    const rejected = network.call(CALLER, HOTLINE);
    await network.settled();
    expect(rejected.status).toBe('busy');
    expect(rejected.heard).toEqual([]);
  });

  describe('<Gather>', () => {
    const menu =
      '<Gather numDigits="1" timeout="8" action="/menu"><Say>Press 1</Say></Gather>' +
      '<Say>No key</Say>';

    it('takes a scripted key at once and posts it to the action', async () => {
      const { network, answer } = backend;
      answer('/voice', menu);
      answer('/menu', params => `<Say>You chose ${params.Digits}</Say>`);
      const call = network.call(CALLER, HOTLINE, { keys: ['1'] });
      await network.settled();
      expect(call.heard).toEqual(['Press 1', 'You chose 1']);
    });

    it('waits for live keys from a caller without a script', async () => {
      const { network, answer } = backend;
      answer(
        '/voice',
        '<Gather finishOnKey="#" timeout="5" action="/menu"><Say>Your PIN</Say></Gather>',
      );
      answer('/menu', params => `<Say>PIN ${params.Digits}</Say>`);
      const call = network.call(CALLER, HOTLINE);
      await network.settled();
      expect(call.heard).toEqual(['Your PIN']);

      expect(network.press(call.sid, '12')).toBe(true);
      // The timeout counts from the last key.
      await backend.advance(4);
      expect(network.press(call.sid, '3#')).toBe(true);
      await network.settled();
      expect(call.heard).toEqual(['Your PIN', 'PIN 123']);
      expect(network.press(call.sid, '4')).toBe(false);
    });

    it('takes a live key during its prompt, cutting the rest short', async () => {
      const { network, answer } = backend;
      answer(
        '/voice',
        '<Gather numDigits="1" action="/menu"><Say>Press 1</Say><Pause length="10"/><Say>Or 2</Say></Gather>',
      );
      answer('/menu', params => `<Say>You chose ${params.Digits}</Say>`);
      const call = network.call(CALLER, HOTLINE);
      await backend.advance(3);
      expect(network.press(call.sid, '2')).toBe(true);
      await network.settled();
      expect(call.heard).toEqual(['Press 1', 'You chose 2']);
    });

    it('counts the timeout from the end of its prompt', async () => {
      const { network, answer } = backend;
      answer(
        '/voice',
        '<Gather timeout="5" action="/menu"><Pause length="10"/></Gather><Say>No key</Say>',
      );
      const call = network.call(CALLER, HOTLINE);
      await backend.advance(14);
      expect(call.heard).toEqual([]);
      await backend.advance(1);
      expect(call.heard).toEqual(['No key']);
    });

    it('falls through to the next verb when the timeout passes', async () => {
      const { network, answer } = backend;
      answer('/voice', menu);
      const call = network.call(CALLER, HOTLINE);
      await backend.advance(7);
      expect(call.heard).toEqual(['Press 1']);
      await backend.advance(1);
      expect(call.heard).toEqual(['Press 1', 'No key']);
      expect(backend.to('/menu')).toEqual([]);
      expect(call.status).toBe('completed');
    });

    it('submits the keys so far at the timeout, and stops at numDigits', async () => {
      const { network, answer } = backend;
      answer('/voice', '<Gather numDigits="3" action="/menu"/>');
      answer('/menu', params => `<Say>Got ${params.Digits}</Say>`);
      const partial = network.call(CALLER, HOTLINE);
      await network.settled();
      network.press(partial.sid, '4');
      await backend.advance(5);
      expect(partial.heard).toEqual(['Got 4']);

      const full = network.call(CALLER, HOTLINE);
      await network.settled();
      network.press(full.sid, '98765');
      await network.settled();
      expect(full.heard).toEqual(['Got 987']);
    });
  });

  describe('<Enqueue>', () => {
    it('plays the wait document once in what the caller hears, asking for it again as Twilio does', async () => {
      const { network, answer } = backend;
      answer('/voice', '<Enqueue waitUrl="/hold">support</Enqueue>');
      answer(
        '/hold',
        p =>
          `<Say>You are number ${p.QueuePosition}</Say>` +
          '<Play>https://cdn.example.com/music.mp3</Play>',
      );
      const first = network.call(CALLER, HOTLINE);
      await network.settled();
      const second = network.call('+4930555001', HOTLINE);
      await network.settled();
      expect(first.queue).toBe('support');
      expect(second.heard).toEqual([
        'You are number 2',
        '[hold music https://cdn.example.com/music.mp3]',
      ]);

      await backend.advance(95);
      // Asked again after each 30-second track, and heard once.
      expect(backend.to('/hold')).toHaveLength(8);
      expect(first.heard).toEqual([
        'You are number 1',
        '[hold music https://cdn.example.com/music.mp3]',
      ]);
      expect(backend.to('/hold')[1].params).toMatchObject({
        QueuePosition: '2',
        CurrentQueueSize: '2',
        QueueSid: expect.stringMatching(/^QU[0-9a-f]{32}$/),
        QueueTime: '0',
      });
      expect(backend.to('/hold').at(-1)!.params.QueueTime).toBe('90');
    });

    it('leaves the queue on <Leave> and tells the action why', async () => {
      const { network, answer } = backend;
      answer(
        '/voice',
        '<Enqueue waitUrl="/hold" action="/left">support</Enqueue><Say>Never</Say>',
      );
      answer('/hold', '<Say>Closed</Say><Leave/>');
      answer('/left', p => `<Say>Result ${p.QueueResult}</Say>`);
      const call = network.call(CALLER, HOTLINE);
      await network.settled();
      expect(call.heard).toEqual(['Closed', 'Result leave']);
      expect(call.queue).toBeUndefined();
    });

    it('goes on after <Enqueue> after leaving, when there is no action', async () => {
      const { network, answer } = backend;
      answer(
        '/voice',
        '<Enqueue waitUrl="/hold">support</Enqueue><Say>After the queue</Say>',
      );
      answer('/hold', '<Leave/>');
      const call = network.call(CALLER, HOTLINE);
      await network.settled();
      expect(call.heard).toEqual(['After the queue']);
    });

    it('plays hold music without a wait document, until new TwiML comes', async () => {
      const { network, answer } = backend;
      answer('/voice', '<Enqueue>support</Enqueue>');
      const call = network.call(CALLER, HOTLINE);
      await backend.advance(600);
      expect(call.heard).toEqual(['[hold music]']);
      expect(call.queue).toBe('support');
    });
  });

  describe('<Dial>', () => {
    it('bridges a <Queue> with its first caller, and both carry on afterwards', async () => {
      const { network, answer } = backend;
      answer('/voice', '<Enqueue action="/after-queue">support</Enqueue>');
      answer('/after-queue', p => `<Say>Queue result ${p.QueueResult}</Say>`);
      answer(
        '/agent',
        '<Dial action="/after-dial"><Queue>support</Queue></Dial>',
      );
      answer('/after-dial', p => `<Say>Dial ${p.DialCallStatus}</Say>`);
      const caller = network.call(CALLER, HOTLINE);
      await network.settled();
      const agent = network.connectClient('agent', `${PUBLIC}/agent`);
      await network.settled();
      expect(caller.bridgedWith).toBe(agent.sid);
      expect(agent.bridgedWith).toBe(caller.sid);
      expect(caller.queue).toBeUndefined();

      await backend.advance(42);
      network.hangUp(agent.sid);
      await network.settled();
      expect(caller.heard).toEqual(['[hold music]', 'Queue result bridged']);
      expect(backend.to('/after-queue')[0].params.QueueTime).toBe('0');
      expect(caller.status).toBe('completed');
      expect(agent.status).toBe('completed');
    });

    it('waits on an empty queue until a caller joins or the timeout', async () => {
      const { network, answer } = backend;
      answer(
        '/agent',
        '<Dial timeout="20" action="/after-dial"><Queue>support</Queue></Dial>',
      );
      answer('/after-dial', p => `<Say>Dial ${p.DialCallStatus}</Say>`);
      answer('/voice', '<Enqueue>support</Enqueue>');
      const agent = network.connectClient('agent', `${PUBLIC}/agent`);
      await backend.advance(10);
      const caller = network.call(CALLER, HOTLINE);
      await network.settled();
      expect(agent.bridgedWith).toBe(caller.sid);
      // Straight to the agent: no hold music.
      expect(caller.heard).toEqual([]);

      const lonely = network.connectClient('agent', `${PUBLIC}/agent`);
      await backend.advance(20);
      expect(lonely.heard).toEqual(['Dial no-answer']);
    });

    it('rings a <Number> and bridges it when answered', async () => {
      const { network, answer } = backend;
      network.setPhone(ANA, { kind: 'answer', press: '', afterSeconds: 5 });
      answer(
        '/voice',
        `<Dial action="/after-dial" timeout="20"><Number>${ANA}</Number></Dial>`,
      );
      answer(
        '/after-dial',
        p => `<Say>Dial ${p.DialCallStatus} ${p.DialCallDuration}s</Say>`,
      );
      const caller = network.call(CALLER, HOTLINE);
      await network.settled();
      const leg = network.calls().find(c => c.to === ANA)!;
      expect(leg).toMatchObject({
        status: 'ringing',
        direction: 'outbound-dial',
        from: CALLER,
      });

      await backend.advance(5);
      expect(leg.status).toBe('in-progress');
      expect(caller.bridgedWith).toBe(leg.sid);
      await backend.advance(60);
      network.hangUp(leg.sid);
      await network.settled();
      expect(caller.heard).toEqual(['Dial completed 60s']);
    });

    it('gives up on a <Number> after the Dial timeout', async () => {
      const { network, answer } = backend;
      network.setPhone(ANA, { kind: 'ring' });
      answer(
        '/voice',
        `<Dial timeout="15"><Number>${ANA}</Number></Dial><Say>Nobody</Say>`,
      );
      const caller = network.call(CALLER, HOTLINE);
      await backend.advance(14);
      const leg = network.calls().find(c => c.to === ANA)!;
      expect(leg.status).toBe('ringing');
      await backend.advance(1);
      expect(leg.status).toBe('no-answer');
      expect(caller.heard).toEqual(['Nobody']);
    });

    it('reports busy, and cancels the legs still ringing when one answers', async () => {
      const { network, answer } = backend;
      const BOB = '+14155550102';
      network.setPhone(ANA, { kind: 'busy' });
      answer(
        '/voice',
        `<Dial action="/after-dial"><Number>${ANA}</Number></Dial>`,
      );
      answer('/after-dial', p => `<Say>Dial ${p.DialCallStatus}</Say>`);
      const busy = network.call(CALLER, HOTLINE);
      await network.settled();
      expect(busy.heard).toEqual(['Dial busy']);

      network.setPhone(ANA, { kind: 'ring' });
      network.setPhone(BOB, { kind: 'answer', press: '', afterSeconds: 3 });
      answer(
        '/voice',
        `<Dial><Number>${ANA}</Number><Number>${BOB}</Number></Dial>`,
      );
      const caller = network.call(CALLER, HOTLINE);
      await backend.advance(3);
      const legs = network
        .calls()
        .filter(c => c.direction === 'outbound-dial')
        .slice(1);
      expect(legs.map(l => [l.to, l.status])).toEqual([
        [ANA, 'canceled'],
        [BOB, 'in-progress'],
      ]);
      expect(caller.bridgedWith).toBe(legs[1].sid);
    });

    it('rings a browser <Client> by its identity', async () => {
      const { network, answer } = backend;
      network.setPhone('client:ana', { kind: 'ring' });
      answer(
        '/voice',
        '<Dial><Client><Identity>ana</Identity></Client></Dial>',
      );
      const caller = network.call(CALLER, HOTLINE);
      await network.settled();
      const leg = network.calls().find(c => c.to === 'client:ana')!;
      expect(network.answer(leg.sid)).toBe(true);
      await network.settled();
      expect(caller.bridgedWith).toBe(leg.sid);

      network.hangUp(caller.sid);
      await network.settled();
      expect(leg.status).toBe('completed');
    });

    describe('<Number url>', () => {
      const dialWhisper = `<Dial action="/after-dial" timeout="20"><Number url="/whisper">${ANA}</Number></Dial>`;

      it('runs the url on the answered leg, and bridges when it runs out', async () => {
        const { network, answer } = backend;
        network.setPhone(ANA, { kind: 'answer', press: '1' });
        answer('/voice', dialWhisper);
        answer(
          '/whisper',
          '<Gather numDigits="1" timeout="5" action="/pressed"><Say>Press 1</Say></Gather><Hangup/>',
        );
        answer('/pressed', p =>
          p.Digits === '1' ? '<Say>Connecting</Say>' : '<Hangup/>',
        );
        answer('/after-dial', p => `<Say>Dial ${p.DialCallStatus}</Say>`);
        const caller = network.call(CALLER, HOTLINE);
        await network.settled();
        const leg = network.calls().find(c => c.to === ANA)!;
        // The whisper is heard by the responder, not the caller.
        expect(leg.heard).toEqual(['Press 1', 'Connecting']);
        expect(caller.heard).toEqual([]);
        expect(caller.bridgedWith).toBe(leg.sid);
        expect(backend.to('/whisper')[0].params).toMatchObject({
          CallSid: leg.sid,
        });
        network.hangUp(leg.sid);
        await network.settled();
        expect(caller.heard).toEqual(['Dial completed']);
      });

      it('does not bridge a leg whose url hangs up', async () => {
        const { network, answer } = backend;
        network.setPhone(ANA, { kind: 'answer', press: '2' });
        answer('/voice', dialWhisper);
        answer(
          '/whisper',
          '<Gather numDigits="1" timeout="5" action="/pressed"><Say>Press 1</Say></Gather><Hangup/>',
        );
        answer('/pressed', '<Hangup/>');
        answer('/after-dial', p => `<Say>Dial ${p.DialCallStatus}</Say>`);
        const caller = network.call(CALLER, HOTLINE);
        await network.settled();
        const leg = network.calls().find(c => c.to === ANA)!;
        expect(leg.heard).toEqual(['Press 1']);
        expect(leg.status).toBe('completed');
        expect(caller.bridgedWith).toBeUndefined();
        // The caller's <Dial> goes on as if nobody answered.
        expect(caller.heard).toEqual(['Dial no-answer']);
      });
    });
  });

  it('records a message and reports it to the action and the recording callback', async () => {
    const { network, answer } = backend;
    answer(
      '/voice',
      '<Say>Leave a message</Say><Record action="/recorded" recordingStatusCallback="/recording"/>',
    );
    answer(
      '/recorded',
      p => `<Say>Thanks for ${p.RecordingDuration} seconds</Say>`,
    );
    const call = network.call(CALLER, HOTLINE, { voicemailSeconds: 12 });
    await network.settled();
    expect(call.heard).toEqual(['Leave a message', 'Thanks for 12 seconds']);
    expect(backend.to('/recording')[0].params).toMatchObject({
      CallSid: call.sid,
      RecordingStatus: 'completed',
      RecordingDuration: '12',
      RecordingSid: expect.stringMatching(/^RE/),
    });

    const silent = network.call(CALLER, HOTLINE);
    await network.settled();
    // Nothing recorded: on to the next verb (none: hang up).
    expect(silent.heard).toEqual(['Leave a message']);
    expect(backend.to('/recorded')).toHaveLength(1);
  });

  it('tells the caller when the backend fails, and reports the failure', async () => {
    const { network, answer } = backend;
    answer('/voice', () => undefined);
    const call = network.call(CALLER, HOTLINE);
    await expect(network.settled()).rejects.toThrow('answered 500');
    expect(call.heard).toEqual(['An application error has occurred. Goodbye.']);
    expect(call.status).toBe('completed');
  });

  it('signs every request it sends over the public URL', async () => {
    const { network, answer, received } = backend;
    answer('/voice', '<Gather action="/menu?attempt=1"/>');
    network.call(CALLER, HOTLINE, { keys: ['5'] });
    await network.settled();
    expect(received.map(r => r.path)).toEqual([
      '/voice',
      '/menu?attempt=1',
      '/status',
    ]);
    expect(received.every(r => r.signed)).toBe(true);
  });
});
