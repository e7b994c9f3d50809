import type { CallSessionState, DialStep } from './callEngine';
import {
  CONFIRM_SECONDS,
  LEG_GRACE_SECONDS,
  overdueEvent,
  PLACE_GRACE_SECONDS,
  START_GRACE_SECONDS,
  wakeAt,
} from './timers';

const T0 = 1_000_000;
const RING = 25;
const ana: DialStep = {
  userRef: 'user:default/ana',
  displayName: 'ana',
  phone: '+14155550101',
  reason: 'on call',
  afterSeconds: 0,
};
const queued: CallSessionState = {
  state: 'queued',
  plan: [ana, { ...ana, afterSeconds: 300 }],
  next: 0,
  queuedAt: T0,
  voicemail: true,
};

describe('call timers', () => {
  it('owes a queued call nobody started its first leg', () => {
    const due = T0 + START_GRACE_SECONDS * 1000;
    expect(wakeAt(queued, RING)).toBe(due);
    expect(overdueEvent(queued, due - 1, RING)).toBeUndefined();
    expect(overdueEvent(queued, due, RING)).toEqual({ type: 'start-dialling' });
  });

  it('backs up a requested leg from its rate-limit slot on', () => {
    const requested: CallSessionState = {
      ...queued,
      dialStartedAt: T0,
      next: 1,
      leg: { index: 0, attempt: 1, since: T0 },
    };
    expect(wakeAt(requested, RING)).toBe(T0 + PLACE_GRACE_SECONDS * 1000);
    const slotted = {
      ...requested,
      leg: { ...requested.leg!, notBefore: T0 + 90_000 },
    };
    expect(wakeAt(slotted, RING)).toBe(
      T0 + 90_000 + PLACE_GRACE_SECONDS * 1000,
    );
    expect(
      overdueEvent(slotted, T0 + 90_000 + PLACE_GRACE_SECONDS * 1000, RING),
    ).toEqual({ type: 'leg-overdue', index: 0, attempt: 1 });
  });

  it('backs up a ringing leg past its ring timeout', () => {
    const ringing: CallSessionState = {
      ...queued,
      dialStartedAt: T0,
      next: 1,
      leg: { index: 0, attempt: 1, since: T0 + 2000, sid: 'L1' },
    };
    const due = T0 + 2000 + (RING + LEG_GRACE_SECONDS) * 1000;
    expect(wakeAt(ringing, RING)).toBe(due);
    expect(overdueEvent(ringing, due - 1, RING)).toBeUndefined();
    expect(overdueEvent(ringing, due, RING)).toEqual({
      type: 'leg-overdue',
      index: 0,
      attempt: 1,
    });
  });

  it('gives an answered leg the time to confirm, from the answer on', () => {
    const answered: CallSessionState = {
      ...queued,
      dialStartedAt: T0,
      next: 1,
      leg: {
        index: 0,
        attempt: 1,
        since: T0 + 9000,
        sid: 'L1',
        answered: true,
      },
    };
    expect(wakeAt(answered, RING)).toBe(
      T0 + 9000 + (CONFIRM_SECONDS + LEG_GRACE_SECONDS) * 1000,
    );
  });

  it('wakes a call waiting for its next tier when the delay is over', () => {
    const waiting: CallSessionState = {
      ...queued,
      dialStartedAt: T0,
      next: 1,
      waitingUntil: T0 + 300_000,
    };
    expect(wakeAt(waiting, RING)).toBe(T0 + 300_000);
    expect(overdueEvent(waiting, T0 + 300_000, RING)).toEqual({
      type: 'delay-over',
    });
  });

  it('leaves calls the phone network moves alone', () => {
    for (const state of [
      'menu',
      'connected',
      'voicemail',
      'turned-away',
      'ended',
    ] as const) {
      expect(wakeAt({ ...queued, state }, RING)).toBeUndefined();
      expect(overdueEvent({ ...queued, state }, T0 * 10, RING)).toBeUndefined();
    }
  });
});
