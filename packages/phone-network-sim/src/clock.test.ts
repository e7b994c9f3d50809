import { ManualClock } from './clock';

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
