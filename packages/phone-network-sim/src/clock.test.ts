import { ManualClock, ScaledClock } from './clock';
import { HOTLINE, startTwimlBackend } from './__testUtils__/twimlBackend';

describe('ManualClock', () => {
  it('runs due timers in order, each at its time, waiting for each', async () => {
    const clock = new ManualClock(0);
    const ran: string[] = [];
    const at = (name: string) => async () => {
      await new Promise(resolve => setTimeout(resolve, 5));
      ran.push(`${name}@${clock.now()}`);
    };
    clock.schedule(3000, at('c'));
    clock.schedule(1000, at('a'));
    const cancel = clock.schedule(2000, at('cancelled'));
    clock.schedule(1000, async () => {
      ran.push(`b@${clock.now()}`);
      // A timer set by a timer runs in the same advance when it falls due.
      clock.schedule(500, at('d'));
    });
    cancel();

    await clock.advance(2500);
    expect(ran).toEqual(['a@1000', 'b@1000', 'd@1500']);
    expect(clock.now()).toBe(2500);
    expect(clock.pending).toBe(1);

    await clock.advance(500);
    expect(ran.at(-1)).toBe('c@3000');
    expect(clock.pending).toBe(0);
  });

  it('starts at the given instant', () => {
    expect(new ManualClock(new Date('2026-03-10T18:00:00Z')).now()).toBe(
      Date.parse('2026-03-10T18:00:00Z'),
    );
  });
});

describe('ScaledClock', () => {
  it('runs time factor times as fast, from the given start', async () => {
    const clock = new ScaledClock(1000, Date.UTC(2026, 0, 5, 9));
    const started = clock.now();
    expect(started).toBeGreaterThanOrEqual(Date.UTC(2026, 0, 5, 9));
    // A minute on the clock is 60 ms of real time.
    const ranAt = await new Promise<number>(resolve =>
      clock.schedule(60_000, async () => resolve(clock.now())),
    );
    expect(ranAt - started).toBeGreaterThanOrEqual(60_000);
    await clock.sleep(30_000);
    expect(clock.now() - started).toBeGreaterThanOrEqual(90_000);
  });

  it('cancels a task not yet run', async () => {
    const clock = new ScaledClock(1000);
    let ran = false;
    const cancel = clock.schedule(1000, async () => {
      ran = true;
    });
    cancel();
    await clock.sleep(5000);
    expect(ran).toBe(false);
  });

  it('changes speed on the way, keeping the time and the timers waiting', async () => {
    const clock = new ScaledClock(1, 0);
    const ran: number[] = [];
    // A minute on the clock: a real minute at first...
    clock.schedule(60_000, async () => {
      ran.push(clock.now());
    });
    await clock.sleep(20);
    const switchedAt = clock.now();
    clock.setFactor(6000);
    expect(clock.factor).toBe(6000);
    // Time goes on from where it was: it does not jump to 20 ms x 6000.
    expect(clock.now()).toBeGreaterThanOrEqual(switchedAt);
    expect(clock.now() - switchedAt).toBeLessThan(60_000);
    // ...and 10 real ms once the clock runs 6000 times as fast.
    const realStart = Date.now();
    await clock.sleep(120_000);
    expect(Date.now() - realStart).toBeLessThan(5000);
    expect(ran).toHaveLength(1);
    expect(ran[0]).toBeGreaterThanOrEqual(60_000);
    // Real time between clock times, at each stretch's speed (the switch
    // came a ms or two after switchedAt).
    expect(clock.realMsBetween(0, 10)).toBe(10);
    expect(clock.realMsBetween(switchedAt + 1000, switchedAt + 61_000)).toBe(
      10,
    );
    const across = clock.realMsBetween(switchedAt - 10, switchedAt + 6000);
    expect(across).toBeGreaterThan(10.9);
    expect(across).toBeLessThan(14);
    expect(() => clock.setFactor(0)).toThrow("A clock's factor must be > 0");
  });

  it('runs minutes of calls in moments', async () => {
    const backend = await startTwimlBackend(new ScaledClock(600));
    try {
      backend.answer('/voice', '<Enqueue waitUrl="/hold">support</Enqueue>');
      const { network, clock } = backend;
      const call = network.call('+4930555000', HOTLINE, {
        hangUpAfterSeconds: 120,
      });
      while (call.status !== 'completed') await clock.sleep(1000);
      expect(call.endedAt! - call.createdAt).toBeGreaterThanOrEqual(120_000);
      // The wait document was asked for again meanwhile, after 30 s on the
      // clock (each webhook's real latency is scaled up too).
      expect(backend.to('/hold').length).toBeGreaterThanOrEqual(2);
    } finally {
      await backend.close();
    }
  });
});
