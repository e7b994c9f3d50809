import { mockServices } from '@backstage/backend-test-utils';
import { ManualClock } from '@icr/phone-network-sim';
import { BackgroundWork } from './BackgroundWork';

describe('BackgroundWork on a clock of its own', () => {
  const logger = mockServices.logger.mock();

  it("runs a timer's work when the clock reaches it, not before", async () => {
    const clock = new ManualClock();
    const work = new BackgroundWork(logger, clock);
    const ran: number[] = [];
    work.after(60_000, 'delay', async () => ran.push(clock.now()));
    const start = clock.now();

    await clock.advance(59_999);
    await work.idle();
    expect(ran).toEqual([]);
    await clock.advance(1);
    await work.idle();
    expect(ran).toEqual([start + 60_000]);
  });

  it('waits on the clock, and wakes the waits at once when stopped', async () => {
    const clock = new ManualClock();
    const work = new BackgroundWork(logger, clock);
    const waited = work.wait(5_000);
    await clock.advance(5_000);
    await expect(waited).resolves.toBe(true);

    const stopped = work.wait(5_000);
    const dropped = jest.fn(async () => undefined);
    work.after(1_000, 'dropped', dropped);
    work.stop();
    await expect(stopped).resolves.toBe(false);
    // Neither the wait nor the timer is left on the clock.
    expect(clock.pending).toBe(0);
    await clock.advance(10_000);
    expect(dropped).not.toHaveBeenCalled();
    await expect(work.wait(1)).resolves.toBe(false);
  });
});
