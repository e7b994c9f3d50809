import fc from 'fast-check';
import {
  type CallSessionState,
  type DialStep,
  step,
} from './callEngine';
import {
  heldResponder,
  type LineAvailability,
  lineEntryOf,
  stepDueAt,
} from '../line/lineEntry';

const responder = (name: string, afterSeconds = 0): DialStep => ({
  userRef: `user:default/${name}`,
  displayName: name,
  phone: '+14155550100',
  reason: 'on call',
  afterSeconds,
});
const ref = (name: string) => `user:default/${name}`;
const T0 = 1_000_000;

const queued = (plan: DialStep[]): CallSessionState => ({
  state: 'queued',
  plan,
  tried: [],
  queuedAt: T0,
  voicemail: true,
});

const line = (busy: string[] = [], away: string[] = []): LineAvailability => ({
  unavailable: new Set(busy.map(ref)),
  away: new Set(away.map(ref)),
});

const entryOf = (session: CallSessionState, now: number) =>
  lineEntryOf(session, now);

describe('the call engine in the line', () => {
  const plan = [responder('ana'), responder('bob'), responder('dave', 300)];

  it('rings the first free responder of the due steps, passing over one on another call', () => {
    const { session, commands } = step(
      queued(plan),
      { type: 'start-dialling' },
      T0,
      line(['ana']),
    );
    expect(session.leg).toMatchObject({ index: 1 });
    expect(session.tried).toEqual([1]);
    expect(commands).toContainEqual(
      expect.objectContaining({ type: 'place-leg', index: 1 }),
    );
    expect(heldResponder(session)).toEqual({ userRef: ref('bob') });
  });

  it('waits in line when everyone due is busy, notes it once, and rings the first to be free', () => {
    const waiting = step(
      queued(plan),
      { type: 'start-dialling' },
      T0,
      line(['ana', 'bob']),
    );
    expect(waiting.session).toMatchObject({
      state: 'queued',
      waitingFor: [ref('ana'), ref('bob')],
      // Dave's tier is still to come.
      waitingUntil: T0 + 300_000,
    });
    expect(waiting.session.leg).toBeUndefined();
    expect(waiting.commands).toEqual([
      expect.objectContaining({
        type: 'record',
        message: 'Waiting in line: ana, bob are on another call',
      }),
    ]);
    expect(entryOf(waiting.session, T0)).toEqual({
      wants: [
        { index: 0, userRef: ref('ana') },
        { index: 1, userRef: ref('bob') },
      ],
    });
    // Woken while both are still busy: nothing new on the timeline.
    const again = step(
      waiting.session,
      { type: 'responder-free' },
      T0 + 1000,
      line(['ana', 'bob']),
    );
    expect(again.commands).toEqual([]);
    // Bob is free: he rings.
    const bob = step(
      waiting.session,
      { type: 'responder-free' },
      T0 + 2000,
      line(['ana']),
    );
    expect(bob.session.leg).toMatchObject({ index: 1, since: T0 + 2000 });
    expect(bob.session.waitingFor).toBeUndefined();
    expect(entryOf(bob.session, T0 + 2000)).toEqual({
      wants: [],
      legUserRef: ref('bob'),
    });
  });

  it('starts dialling for a caller the line wakes before their own start', () => {
    const woken = step(
      queued(plan),
      { type: 'responder-free' },
      T0 + 500,
      line(['ana']),
    );
    expect(woken.session).toMatchObject({
      dialStartedAt: T0 + 500,
      leg: { index: 1 },
    });
    // Once started and ringing, another wake-up changes nothing.
    expect(
      step(woken.session, { type: 'responder-free' }, T0 + 600, line()).session,
    ).toBe(woken.session);
  });

  it('comes back to a busy responder after ringing the others', () => {
    let session = step(
      queued(plan.slice(0, 2)),
      { type: 'start-dialling' },
      T0,
      line(['ana']),
    ).session;
    session = step(
      session,
      { type: 'leg-placed', index: 1, attempt: 1, sid: 'L1' },
      T0,
    ).session;
    const over = step(
      session,
      { type: 'leg-ended', index: 1, sid: 'L1', status: 'no-answer' },
      T0 + 30_000,
      line(['ana']),
    );
    // Bob was tried; Ana is still busy: the caller waits for her.
    expect(over.session).toMatchObject({
      state: 'queued',
      waitingFor: [ref('ana')],
    });
    const ana = step(
      over.session,
      { type: 'responder-free' },
      T0 + 40_000,
      line(),
    );
    expect(ana.session.leg).toMatchObject({ index: 0 });
    expect(ana.session.tried).toEqual([1, 0]);
  });

  it('passes over a responder who stopped taking calls, and goes to voicemail when nobody is left', () => {
    const { session, commands } = step(
      queued(plan.slice(0, 1)),
      { type: 'start-dialling' },
      T0,
      line([], ['ana']),
    );
    expect(session.state).toBe('voicemail');
    expect(commands).toContainEqual(
      expect.objectContaining({
        message: 'ana stopped taking calls from the line: passed over',
      }),
    );
    expect(commands).toContainEqual({
      type: 'redirect-caller',
      to: 'voicemail',
    });
  });

  it('a later step never rings before an earlier one whose delay is not over, busy or not', () => {
    const later = [responder('ana', 60), responder('bob')];
    const { session } = step(
      queued(later),
      { type: 'start-dialling' },
      T0,
      line(),
    );
    expect(session.leg).toBeUndefined();
    expect(session.waitingUntil).toBe(T0 + 60_000);
    expect(entryOf(session, T0)).toEqual({ wants: [] });
  });

  it('a responder back from another call takes the caller: connected at once, whoever rang for them is stopped', () => {
    let session = step(
      queued(plan),
      { type: 'start-dialling' },
      T0,
      line(),
    ).session;
    session = step(
      session,
      { type: 'leg-placed', index: 0, attempt: 1, sid: 'L1' },
      T0,
    ).session;
    const taken = step(
      session,
      {
        type: 'next-caller-taken',
        userRef: ref('bob'),
        displayName: 'bob',
        sid: 'LB',
      },
      T0 + 1000,
    );
    expect(taken.pickup).toBe('connected');
    expect(taken.session).toMatchObject({
      state: 'connected',
      answeredBy: ref('bob'),
      answeredOn: 'LB',
    });
    expect(taken.session.answeredInBrowser).toBeUndefined();
    expect(taken.commands[0]).toEqual({ type: 'cancel-leg', sid: 'L1' });
    expect(heldResponder(taken.session)).toEqual({ userRef: ref('bob') });
    // The caller hangs up: Bob stays busy until his own leg ends.
    const ended = step(
      taken.session,
      { type: 'caller-ended', durationSeconds: 30 },
      T0 + 31_000,
    );
    expect(heldResponder(ended.session)).toEqual({
      userRef: ref('bob'),
      untilLegEnds: true,
    });
  });

  it('a browser pickup holds the responder only while the call lasts', () => {
    const connected = step(
      queued(plan),
      {
        type: 'browser-pickup',
        userRef: ref('carol'),
        displayName: 'carol',
        sid: 'CB',
      },
      T0,
    ).session;
    expect(heldResponder(connected)).toEqual({ userRef: ref('carol') });
    const ended = step(
      connected,
      { type: 'caller-ended', durationSeconds: 5 },
      T0 + 5000,
    ).session;
    expect(heldResponder(ended)).toBeUndefined();
  });

  it('a caller who chooses the voicemail in the line leaves it, their position on the timeline', () => {
    let session = step(
      queued(plan),
      { type: 'start-dialling' },
      T0,
      line(),
    ).session;
    session = step(
      session,
      { type: 'leg-placed', index: 0, attempt: 1, sid: 'L1' },
      T0,
    ).session;
    const left = step(
      session,
      { type: 'caller-chose-voicemail', position: 4 },
      T0 + 1000,
    );
    expect(left.session.state).toBe('voicemail');
    expect(left.commands).toEqual([
      { type: 'cancel-leg', sid: 'L1' },
      expect.objectContaining({
        message: 'The caller left the line at position 4 to leave a voicemail',
      }),
    ]);
    expect(entryOf(left.session, T0 + 1000)).toBeUndefined();
    expect(heldResponder(left.session)).toBeUndefined();
    // Without a voicemail, the key does nothing.
    const noVoicemail = { ...session, voicemail: false };
    expect(
      step(noVoicemail, { type: 'caller-chose-voicemail', position: 1 }, T0)
        .session,
    ).toBe(noVoicemail);
  });

  it('never rings a responder the line says is unavailable, nor a step before its delay (property)', () => {
    const names = ['ana', 'bob', 'carol', 'dave'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: fc.constantFrom(...names),
            after: fc.constantFrom(0, 60, 300),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.subarray(names),
        fc.subarray(names),
        fc.integer({ min: 0, max: 400 }),
        (steps, busy, away, seconds) => {
          const dialled = steps
            .map(s => responder(s.name, s.after))
            .sort((a, b) => a.afterSeconds - b.afterSeconds);
          const started = step(
            queued(dialled),
            { type: 'start-dialling' },
            T0,
            line(busy, away),
          );
          const now = T0 + seconds * 1000;
          const later = step(
            started.session,
            started.session.waitingUntil !== undefined &&
              started.session.waitingUntil <= now
              ? { type: 'delay-over' }
              : { type: 'responder-free' },
            now,
            line(busy, away),
          ).session;
          // Whoever a session rings is free, not away, and due.
          const rung = [started.session, later].flatMap(session => {
            const held = heldResponder(session);
            return held && session.leg
              ? [{ held, since: session.leg.since, index: session.leg.index }]
              : [];
          });
          for (const { held, since, index } of rung) {
            expect(busy.map(ref)).not.toContain(held.userRef);
            expect(away.map(ref)).not.toContain(held.userRef);
            expect(
              stepDueAt(started.session, dialled[index]),
            ).toBeLessThanOrEqual(since);
          }
        },
      ),
    );
  });
});
