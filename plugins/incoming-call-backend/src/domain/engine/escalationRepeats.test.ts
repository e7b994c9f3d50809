import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATIONS,
  ROUTING_API_VERSION,
} from '@icr/plugin-incoming-call-common';
import fc from 'fast-check';
import { seededRandom } from '../../__testUtils__/seededRandom';
import { buildSnapshot } from '../catalog/buildSnapshot';
import { dialPlan } from '../roster/dialPlan';
import {
  type CallSessionState,
  type DialStep,
  type Transition,
  dialSteps,
  step,
} from './callEngine';

const T0 = 1_000_000;
const MINUTE = 60_000;

const users = ['a', 'b', 'c', 'd'].map(
  (name, i): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name,
      annotations: { [ANNOTATIONS.phone]: `+1415555010${i}` },
    },
    spec: { memberOf: [] },
  }),
);

const escalation = (
  rules: { delayMinutes: number; recipients: string[] }[],
  repeat: number,
): Entity => ({
  apiVersion: ROUTING_API_VERSION,
  kind: 'Escalation',
  metadata: { name: 'esc' },
  spec: {
    owner: 'group:default/team',
    rules,
    ...(repeat > 0 && { repeat: { count: repeat } }),
  },
});

/** The steps a call to the escalation (then `after`, if any) goes through. */
function stepsOf(
  rules: { delayMinutes: number; recipients: string[] }[],
  repeat: number,
  after: string[] = [],
  seed = 1,
): DialStep[] {
  const plan = dialPlan({
    snapshot: buildSnapshot([...users, escalation(rules, repeat)]),
    overrides: [],
    at: new Date('2026-01-05T12:00:00Z'),
    recipients: ['escalation:default/esc', ...after],
    usersToTry: 100,
    random: seededRandom(seed),
  });
  return dialSteps(plan.tiers);
}

interface Rung {
  index: number;
  name: string;
  pass: number;
  /** When the leg was requested (ms since T0). */
  at: number;
  /** When it ended unanswered (ms since T0). */
  endedAt: number;
}

/**
 * Runs a call through the engine in which nobody answers: each leg rings
 * for `ringMs(n)` and ends, and every delay is reported over when it is.
 * Returns each leg rung and how the call ended.
 */
function ringUnanswered(plan: DialStep[], ringMs: (leg: number) => number) {
  let session: CallSessionState = {
    state: 'queued',
    plan,
    next: 0,
    queuedAt: T0,
    voicemail: true,
  };
  let now = T0;
  const rung: Rung[] = [];
  const apply = (t: Transition) => {
    session = t.session;
    for (const command of t.commands) {
      if (command.type === 'place-leg') {
        rung.push({
          index: command.index,
          name: command.responder.displayName,
          pass: command.responder.pass ?? 0,
          at: now - T0,
          endedAt: NaN,
        });
      }
    }
  };
  apply(step(session, { type: 'start-dialling' }, now));
  for (let guard = 0; session.state === 'queued' && guard < 1000; guard++) {
    const { leg, waitingUntil } = session;
    if (leg) {
      const sid = `L${leg.index}`;
      apply(
        step(
          session,
          { type: 'leg-placed', index: leg.index, attempt: 1, sid },
          now,
        ),
      );
      now += ringMs(rung.length);
      rung[rung.length - 1].endedAt = now - T0;
      apply(
        step(
          session,
          { type: 'leg-ended', index: leg.index, sid, status: 'no-answer' },
          now,
        ),
      );
    } else if (waitingUntil !== undefined) {
      now = waitingUntil;
      apply(step(session, { type: 'delay-over' }, now));
    } else {
      throw new Error('the call neither rings nor waits');
    }
  }
  return { rung, state: session.state };
}

describe('escalation repeats', () => {
  it("wait the rules' delays again on each pass", () => {
    // a at once, b after 5 minutes, repeated once; each phone rings 30 s.
    const plan = stepsOf(
      [
        { delayMinutes: 0, recipients: ['user:default/a'] },
        { delayMinutes: 5, recipients: ['user:default/b'] },
      ],
      1,
    );
    const { rung, state } = ringUnanswered(plan, () => 30_000);
    expect(rung.map(r => [r.name, r.pass, r.at / 1000])).toEqual([
      ['a', 0, 0],
      ['b', 0, 300],
      // The repeat starts once b's phone stopped ringing, at 5:30.
      ['a', 1, 330],
      ['b', 1, 630],
    ]);
    expect(state).toBe('voicemail');
  });

  it('notes how far into the repeat the next responder waits for', () => {
    const plan = stepsOf(
      [
        { delayMinutes: 0, recipients: ['user:default/a'] },
        { delayMinutes: 5, recipients: ['user:default/b'] },
      ],
      1,
    );
    // The repeat started at 6:00 with a, whose phone stops ringing at 6:30.
    const t = step(
      {
        state: 'queued',
        plan,
        next: 3,
        queuedAt: T0,
        dialStartedAt: T0,
        voicemail: true,
        repeat: { pass: 1, startedAt: T0 + 6 * MINUTE },
        leg: { index: 2, attempt: 1, since: T0 + 6 * MINUTE, sid: 'L2' },
      },
      { type: 'leg-ended', index: 2, sid: 'L2', status: 'no-answer' },
      T0 + 6.5 * MINUTE,
    );
    expect(t.session.waitingUntil).toBe(T0 + 11 * MINUTE);
    expect(t.commands.at(-1)).toMatchObject({
      type: 'record',
      message:
        'Waiting until 5 min into repeat 1 to dial b (esc, rule 2 (repeat 1))',
    });
  });

  const rule = fc.record({
    delayMinutes: fc.integer({ min: 0, max: 20 }),
    recipients: fc.uniqueArray(
      fc.constantFrom('user:default/a', 'user:default/b', 'user:default/c'),
      { minLength: 1, maxLength: 3 },
    ),
  });
  const world = fc.record({
    rules: fc.array(rule, { minLength: 1, maxLength: 4 }),
    repeat: fc.integer({ min: 0, max: 3 }),
    // A direct recipient after the escalation, rung in its first pass.
    after: fc.subarray(['user:default/d']),
    rings: fc.array(fc.integer({ min: 1_000, max: 60_000 }), {
      minLength: 1,
      maxLength: 10,
    }),
    seed: fc.integer(),
  });

  it('never ring a responder before their delay into their pass, and run every pass up to the limit', () => {
    fc.assert(
      fc.property(world, w => {
        const plan = stepsOf(w.rules, w.repeat, w.after, w.seed);
        const { rung, state } = ringUnanswered(
          plan,
          n => w.rings[n % w.rings.length],
        );
        // Nobody answers: everyone planned is rung, in order, then voicemail.
        expect(rung.map(r => r.index)).toEqual(plan.map((_, i) => i));
        expect(state).toBe('voicemail');
        expect(new Set(rung.map(r => r.pass)).size).toBe(w.repeat + 1);

        rung.forEach((leg, i) => {
          // A pass starts when dialling does, or once the pass before it
          // ran out (its last leg ended); delays count from there.
          const firstOfPass = rung.findIndex(r => r.pass === leg.pass);
          const passStart =
            firstOfPass === 0 ? 0 : rung[firstOfPass - 1].endedAt;
          const due = passStart + plan[leg.index].afterSeconds * 1000;
          expect(leg.at).toBeGreaterThanOrEqual(due);
          // And no later than needed: when both the delay and the leg
          // before it are over.
          const previousEnded = i === 0 ? 0 : rung[i - 1].endedAt;
          expect(leg.at).toBe(Math.max(due, previousEnded));
        });
      }),
      { numRuns: 300 },
    );
  });
});
