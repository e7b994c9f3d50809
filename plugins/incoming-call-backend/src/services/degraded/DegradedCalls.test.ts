import { mockServices } from '@backstage/backend-test-utils';
import { defaultIntegrationConfig } from '@icr/plugin-incoming-call-common';
import { TwilioUrls } from '../../twilio/TwilioUrls';
import { DegradedCalls } from './DegradedCalls';

const HOTLINE = '+14155550100';
const urls = new TwilioUrls({
  webhooks: 'https://calls.example.com/webhooks',
  audio: id => `https://calls.example.com/media/${id}`,
});
const integration = {
  id: 'i1',
  teamRef: 'group:default/platform',
  config: {
    ...defaultIntegrationConfig({
      ref: 'group:default/platform',
      title: 'Platform',
    }),
    numbers: [{ number: HOTLINE, country: 'US', source: 'attached' }],
    recipients: ['user:default/ana'],
  },
};
const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
    code: 'ECONNREFUSED',
  });

/** A promise settled by the test. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('DegradedCalls.guard', () => {
  let now = 0;
  const degraded = () =>
    new DegradedCalls({
      routing: {
        lastKnown: () => ({
          integrationOf: n =>
            n === HOTLINE ? (integration as never) : undefined,
          overrides: [],
        }),
      },
      roster: {
        plannerWith: async () =>
          (() => ({
            tiers: [
              {
                users: [{ userRef: 'user:default/ana', phone: '+14155550101' }],
              },
            ],
          })) as never,
      },
      store: {
        write: jest.fn(),
        addEvents: jest.fn(),
        sessionAlertId: jest.fn(),
      },
      integrations: { getByNumbers: jest.fn() },
      urls: async () => urls,
      logger: mockServices.logger.mock(),
      clock: { now: () => now },
      attemptTimeoutMs: 2000,
    });
  const call = (n: number) => ({
    callSid: `CA${String(n).padStart(32, '0')}`,
    from: '+4930555000',
    to: HOTLINE,
    at: new Date(0),
  });

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('answers in degraded mode at once when the attempt fails for an outage', async () => {
    const calls = degraded();
    const twiml = await calls.guard(call(1), () => Promise.reject(refused()));
    expect(twiml).toContain('/degraded-confirm?');
    expect(calls.pending).toBe(1);
  });

  it('passes other errors on', async () => {
    const calls = degraded();
    await expect(
      calls.guard(call(1), () => Promise.reject(new Error('a bug'))),
    ).rejects.toThrow('a bug');
    expect(calls.pending).toBe(0);
  });

  it('waits for a slow database past the budget when no outage was seen', async () => {
    const calls = degraded();
    const slow = deferred<string>();
    let signal: AbortSignal | undefined;
    let answered: string | undefined;
    const guarded = calls
      .guard(call(1), s => {
        signal = s;
        return slow.promise;
      })
      .then(t => (answered = t));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(answered).toBeUndefined();
    slow.resolve('<Response>normal</Response>');
    await guarded;
    expect(answered).toBe('<Response>normal</Response>');
    expect(signal!.aborted).toBe(false);
    expect(calls.pending).toBe(0);
  });

  it('gives a slow attempt up after the budget while an outage was seen lately, until an attempt succeeds', async () => {
    const calls = degraded();
    await calls.guard(call(1), () => Promise.reject(refused()));

    const slow = deferred<string>();
    let signal: AbortSignal | undefined;
    let answered: string | undefined;
    const guarded = calls
      .guard(call(2), s => {
        signal = s;
        return slow.promise;
      })
      .then(t => (answered = t));
    await jest.advanceTimersByTimeAsync(1999);
    expect(answered).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    await guarded;
    expect(answered).toContain('/degraded-confirm?');
    // The late attempt dials nobody.
    expect(signal!.aborted).toBe(true);
    slow.resolve('late');

    // The database answers again: slowness is waited for once more.
    await calls.guard(call(3), async () => 'ok');
    const slower = deferred<string>();
    let third: string | undefined;
    const waiting = calls
      .guard(call(4), () => slower.promise)
      .then(t => (third = t));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(third).toBeUndefined();
    slower.resolve('normal');
    await waiting;
    expect(third).toBe('normal');
  });

  it('forgets an outage seen more than a minute ago', async () => {
    const calls = degraded();
    await calls.guard(call(1), () => Promise.reject(refused()));
    now += 60_000;
    const slow = deferred<string>();
    let answered: string | undefined;
    const guarded = calls
      .guard(call(2), () => slow.promise)
      .then(t => (answered = t));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(answered).toBeUndefined();
    slow.resolve('normal');
    await guarded;
    expect(answered).toBe('normal');
  });
});
