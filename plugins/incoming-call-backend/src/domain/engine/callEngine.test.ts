import { overdueEvent } from './timers';
import fc from 'fast-check';
import {
  type CallEvent,
  type CallSessionState,
  type DialStep,
  dialSteps,
  ACCEPT_KEY,
  arrive,
  type CallArrived,
  MAX_PLACE_ATTEMPTS,
  step,
} from './callEngine';

const responder = (name: string, afterSeconds = 0): DialStep => ({
  userRef: `user:default/${name}`,
  displayName: name,
  phone: '+14155550100',
  reason: 'on call',
  afterSeconds,
});

const T0 = 1_000_000;

const start = (plan: DialStep[], voicemail = true): CallSessionState => ({
  state: 'queued',
  plan,
  next: 0,
  queuedAt: T0,
  voicemail,
});

/** A call whose first leg (plan[0]) rings with SID L1. */
const ringing = (plan: DialStep[]): CallSessionState => ({
  ...start(plan),
  dialStartedAt: T0,
  next: 1,
  leg: { index: 0, attempt: 1, since: T0, sid: 'L1' },
});

/** Runs timed events in order; returns the final session and every command. */
function run(
  session: CallSessionState,
  events: Array<CallEvent | [number, CallEvent]>,
) {
  const commands: string[] = [];
  let current = session;
  for (const entry of events) {
    const [at, event] = Array.isArray(entry) ? entry : [T0, entry];
    const t = step(current, event, at);
    current = t.session;
    commands.push(
      ...t.commands.map(c =>
        c.type === 'record' ? `record:${c.eventType}` : c.type,
      ),
    );
  }
  return { session: current, commands };
}

describe('dialSteps', () => {
  it('turns tiers into steps that carry their delay in seconds', () => {
    const { afterSeconds: _, ...ana } = responder('ana');
    const { afterSeconds: __, ...bob } = responder('bob');
    expect(
      dialSteps([
        { pass: 0, delayMinutes: 0, users: [ana] },
        { pass: 0, delayMinutes: 5, users: [bob] },
      ]),
    ).toEqual([responder('ana'), responder('bob', 300)]);
  });
});

describe('call engine', () => {
  it('dials responders one at a time until one confirms', () => {
    const { session, commands } = run(
      start([responder('ana'), responder('bob')]),
      [
        { type: 'start-dialling' },
        { type: 'leg-placed', index: 0, attempt: 1, sid: 'L1' },
        { type: 'leg-ended', index: 0, sid: 'L1', status: 'no-answer' },
        { type: 'leg-placed', index: 1, attempt: 1, sid: 'L2' },
        {
          type: 'responder-pressed',
          index: 1,
          sid: 'L2',
          digits: '1',
        },
      ],
    );
    expect(session).toMatchObject({
      state: 'connected',
      answeredBy: 'user:default/bob',
    });
    expect(commands).toEqual([
      'place-leg',
      'record:responder-dialled',
      'record:responder-outcome',
      'place-leg',
      'record:responder-dialled',
      'record:answered',
      'acknowledge',
    ]);
  });

  it('sends the caller to voicemail, or to "try later", when nobody is left', () => {
    const ended: CallEvent = {
      type: 'leg-ended',
      index: 0,
      sid: 'L1',
      status: 'busy',
    };
    const withVoicemail = step(ringing([responder('ana')]), ended, T0);
    expect(withVoicemail.session.state).toBe('voicemail');
    expect(withVoicemail.commands).toContainEqual({
      type: 'redirect-caller',
      to: 'voicemail',
    });

    const without = step(
      { ...ringing([responder('ana')]), voicemail: false },
      ended,
      T0,
    );
    expect(without.session.state).toBe('turned-away');
    expect(without.commands).toContainEqual({
      type: 'redirect-caller',
      to: 'try-later',
    });

    expect(run(start([]), [{ type: 'start-dialling' }]).session.state).toBe(
      'voicemail',
    );
  });

  it('gives the caller to the first confirmation only (and again to its retries)', () => {
    const call = ringing([responder('ana')]);
    const first = step(
      call,
      {
        type: 'responder-pressed',
        index: 0,
        sid: 'L1',
        digits: '1',
      },
      T0,
    );
    expect(first.pickup).toBe('connected');
    const again = step(
      first.session,
      {
        type: 'responder-pressed',
        index: 0,
        sid: 'L1',
        digits: '1',
      },
      T0,
    );
    // Twilio retrying the winner's request gets the same answer, once.
    expect(again).toEqual({
      session: first.session,
      commands: [],
      pickup: 'connected',
    });
    // A confirmation from a leg that is not the one ringing.
    expect(
      step(
        call,
        {
          type: 'responder-pressed',
          index: 7,
          sid: 'OTHER',
          digits: '1',
        },
        T0,
      ).pickup,
    ).toBe('taken');
    expect(
      step(
        call,
        {
          type: 'responder-pressed',
          index: 0,
          sid: 'OTHER',
          digits: '1',
        },
        T0,
      ).pickup,
    ).toBe('taken');
    expect(
      step(
        first.session,
        {
          type: 'browser-pickup',
          userRef: 'user:default/dave',
          displayName: 'Dave',
          sid: 'CB1',
        },
        T0,
      ).pickup,
    ).toBe('taken');
  });

  it('tells a responder who confirms after the caller hung up that the caller is gone', () => {
    const gone = step(
      ringing([responder('ana')]),
      { type: 'caller-ended', durationSeconds: 9 },
      T0,
    ).session;
    expect(
      step(
        gone,
        {
          type: 'responder-pressed',
          index: 0,
          sid: 'L1',
          digits: '1',
        },
        T0,
      ),
    ).toEqual({ session: gone, commands: [], pickup: 'caller-gone' });
  });

  it('ignores duplicate and late callbacks', () => {
    const call = ringing([responder('ana'), responder('bob')]);
    const noAnswer: CallEvent = {
      type: 'leg-ended',
      index: 0,
      sid: 'L1',
      status: 'no-answer',
    };
    const moved = step(call, noAnswer, T0).session;
    expect(step(moved, noAnswer, T0).commands).toEqual([]);
    expect(
      step(
        moved,
        { type: 'leg-ended', index: 5, sid: 'L0', status: 'failed' },
        T0,
      ).commands,
    ).toEqual([]);
    const placed = step(
      moved,
      { type: 'leg-placed', index: 1, attempt: 1, sid: 'L2' },
      T0,
    ).session;
    expect(
      step(placed, { type: 'leg-placed', index: 1, attempt: 1, sid: 'L2' }, T0),
    ).toEqual({ session: placed, commands: [] });
    expect(step(placed, { type: 'start-dialling' }, T0).commands).toEqual([]);
    // The end of a leg whose SID differs from the ringing one is old news.
    expect(
      step(
        placed,
        { type: 'leg-ended', index: 1, sid: 'L-OLD', status: 'canceled' },
        T0,
      ).commands,
    ).toEqual([]);
  });

  it('accepts a leg that ends before its placement is stored (matched by index)', () => {
    const requested = run(start([responder('ana'), responder('bob')]), [
      { type: 'start-dialling' },
    ]).session;
    const { session, commands } = run(requested, [
      { type: 'leg-ended', index: 0, sid: 'L1', status: 'busy' },
      // The placement is stored late: that leg is over, nothing to cancel.
      { type: 'leg-placed', index: 0, attempt: 1, sid: 'L1' },
    ]);
    expect(session.leg).toMatchObject({ index: 1 });
    expect(commands).toEqual([
      'record:responder-outcome',
      'place-leg',
      'record:responder-dialled',
      'cancel-leg',
    ]);
  });

  it('cancels the ringing leg and closes the alert when the caller hangs up', () => {
    const ended = step(
      ringing([responder('ana')]),
      { type: 'caller-ended', durationSeconds: 12 },
      T0,
    );
    expect(ended.session.state).toBe('ended');
    expect(ended.commands).toEqual([
      { type: 'cancel-leg', sid: 'L1' },
      {
        type: 'record',
        eventType: 'caller-hung-up',
        message: 'The caller hung up after 12 s, before anyone answered',
      },
      { type: 'set-outcome', outcome: 'abandoned', durationSeconds: 12 },
      {
        type: 'close-alert',
        message: 'Closed: nobody answered and the caller left',
      },
    ]);
    expect(
      step(ended.session, { type: 'caller-ended', durationSeconds: 12 }, T0)
        .commands,
    ).toEqual([]);
    // A leg placed after the caller left is taken back at once.
    expect(
      step(
        { ...ended.session, leg: { index: 0, attempt: 1, since: T0 } },
        { type: 'leg-placed', index: 0, attempt: 1, sid: 'L9' },
        T0,
      ).commands,
    ).toEqual([{ type: 'cancel-leg', sid: 'L9' }]);
  });

  describe('the sweep asking Twilio about a caller not heard of', () => {
    it('ends a call whose caller Twilio says is gone like a hang-up, cancelling the ringing leg', () => {
      const checked = step(
        ringing([responder('ana'), responder('bob')]),
        {
          type: 'caller-status-checked',
          status: 'completed',
          durationSeconds: 40,
        },
        T0 + 400_000,
      );
      const hungUp = step(
        ringing([responder('ana'), responder('bob')]),
        { type: 'caller-ended', durationSeconds: 40 },
        T0 + 400_000,
      );
      expect(checked.session).toEqual(hungUp.session);
      expect(checked.session.state).toBe('ended');
      expect(checked.commands).toEqual([
        {
          type: 'record',
          eventType: 'note',
          message:
            "Twilio says the caller's call is completed: its hang-up was not reported",
        },
        ...hungUp.commands,
      ]);
      expect(checked.commands).toContainEqual({
        type: 'cancel-leg',
        sid: 'L1',
      });
      expect(checked.commands).toContainEqual({
        type: 'close-alert',
        message: 'Closed: nobody answered and the caller left',
      });
      // Asked again (or a late status callback): nothing more.
      expect(
        step(
          checked.session,
          {
            type: 'caller-status-checked',
            status: 'completed',
            durationSeconds: 40,
          },
          T0 + 800_000,
        ).commands,
      ).toEqual([]);
    });

    it('frees the slots of a leg not yet placed when Twilio knows no such caller', () => {
      const requested = step(
        start([responder('ana')]),
        { type: 'start-dialling' },
        T0,
      ).session;
      const checked = step(
        requested,
        {
          type: 'caller-status-checked',
          status: 'not-found',
          durationSeconds: 0,
        },
        T0 + 400_000,
      );
      expect(checked.session.state).toBe('ended');
      expect(checked.commands.map(c => c.type)).toEqual([
        'record',
        'release-slots',
        'record',
        'set-outcome',
        'close-alert',
      ]);
    });

    it('notes a caller still on the line, so that they are asked about again one bound later', () => {
      const call = ringing([responder('ana')]);
      for (const status of ['in-progress', 'queued', 'ringing']) {
        const checked = step(
          call,
          { type: 'caller-status-checked', status, durationSeconds: 0 },
          T0 + 300_000,
        );
        expect(checked.commands).toEqual([]);
        expect(checked.session).toEqual({
          ...call,
          callerCheckedAt: T0 + 300_000,
        });
        // The change moves the session's last update on: the sweep's
        // bound counts from this check.
        expect(checked.session).not.toBe(call);
      }
    });
  });

  it('ends a call answered in degraded mode but stored late, so that it dials nobody', () => {
    const requested = step(
      start([responder('ana')]),
      { type: 'start-dialling' },
      T0,
    ).session;
    const late = step(requested, { type: 'answered-degraded' }, T0 + 3000);
    expect(late.session).toMatchObject({ state: 'ended', leg: undefined });
    expect(late.commands.map(c => c.type)).toEqual(['release-slots', 'record']);
    // A leg placed meanwhile is cancelled; an ended call stays as it is.
    expect(
      step(ringing([responder('ana')]), { type: 'answered-degraded' }, T0)
        .commands[0],
    ).toEqual({ type: 'cancel-leg', sid: 'L1' });
    expect(
      step(late.session, { type: 'answered-degraded' }, T0).commands,
    ).toEqual([]);
    // Nothing the sweep or Twilio says afterwards dials anyone.
    expect(
      step(
        late.session,
        { type: 'leg-overdue', index: 0, attempt: 1 },
        T0 + 60_000,
      ).commands,
    ).toEqual([]);
  });

  describe('slots of the outbound rate', () => {
    const requested = step(
      start([responder('ana')]),
      { type: 'start-dialling' },
      T0,
    ).session;

    it('gives back the slot of a leg not yet placed when the caller hangs up', () => {
      const ended = step(
        requested,
        { type: 'caller-ended', durationSeconds: 2 },
        T0 + 2000,
      );
      expect(ended.commands[0]).toEqual({ type: 'release-slots' });
      expect(ended.commands).not.toContainEqual(
        expect.objectContaining({ type: 'cancel-leg' }),
      );
    });

    it('keeps the slot of a placed leg (cancelled instead) and of a call that is not dialling', () => {
      const placed = step(
        ringing([responder('ana')]),
        { type: 'caller-ended', durationSeconds: 2 },
        T0,
      );
      expect(placed.commands.map(c => c.type)).not.toContain('release-slots');
      const connected = run(ringing([responder('ana')]), [
        { type: 'responder-pressed', index: 0, sid: 'L1', digits: '1' },
        { type: 'caller-ended', durationSeconds: 60 },
      ]);
      expect(connected.commands).not.toContain('release-slots');
    });

    it('gives back a slot reserved after the caller left', () => {
      const gone = step(
        requested,
        { type: 'caller-ended', durationSeconds: 2 },
        T0,
      ).session;
      expect(
        step(
          gone,
          { type: 'leg-scheduled', index: 0, attempt: 1, at: T0 + 9000 },
          T0 + 10,
        ).commands,
      ).toEqual([{ type: 'release-slots' }]);
    });
  });

  it('records who answered and how long the call lasted', () => {
    const connected: CallSessionState = {
      ...start([responder('ana')]),
      state: 'connected',
      answeredBy: 'user:default/ana',
    };
    expect(
      step(connected, { type: 'caller-ended', durationSeconds: 300 }, T0)
        .commands,
    ).toEqual([
      {
        type: 'record',
        eventType: 'call-ended',
        message: 'The call ended after 300 s; answered by user:default/ana',
        userRef: 'user:default/ana',
      },
      { type: 'set-outcome', outcome: 'answered', durationSeconds: 300 },
      { type: 'close-alert', message: 'Closed: the answered call ended' },
    ]);
    // With "close when the call ends" off, the alert stays acknowledged.
    expect(
      step(
        { ...connected, closeWhenCallEnds: false },
        { type: 'caller-ended', durationSeconds: 300 },
        T0,
      ).commands.map(c => c.type),
    ).toEqual(['record', 'set-outcome']);
  });

  it('leaves the alert of a call that ended in the voicemail open, with the time since the call arrived when Twilio gives no duration', () => {
    const inVoicemail: CallSessionState = {
      ...start([]),
      state: 'voicemail',
      arrivedAt: T0,
    };
    expect(
      step(
        inVoicemail,
        { type: 'caller-ended', durationSeconds: 0 },
        T0 + 41_400,
      ).commands,
    ).toEqual([
      {
        type: 'record',
        eventType: 'call-ended',
        message: 'The call ended after 41 s',
      },
      { type: 'set-outcome', outcome: 'voicemail', durationSeconds: 41 },
    ]);
  });

  it('starts dialling an auto-attendant option only once it is chosen', () => {
    const menu: CallSessionState = {
      ...start([]),
      state: 'menu',
      queuedAt: undefined,
    };
    expect(step(menu, { type: 'start-dialling' }, T0).commands).toEqual([]);
    const chosen = step(
      menu,
      {
        type: 'option-chosen',
        key: '1',
        label: 'Support',
        plan: [responder('ana')],
        skipped: [],
      },
      T0 + 7000,
    );
    expect(chosen.session).toMatchObject({
      state: 'queued',
      plan: [responder('ana')],
      next: 0,
      queuedAt: T0 + 7000,
      option: { key: '1', label: 'Support' },
    });
    expect(
      step(chosen.session, { type: 'start-dialling' }, T0).commands[0],
    ).toMatchObject({ type: 'place-leg', index: 0, attempt: 1 });
    expect(
      step(
        chosen.session,
        {
          type: 'option-chosen',
          key: '1',
          label: 'Support',
          plan: [],
          skipped: [],
        },
        T0,
      ).commands,
    ).toEqual([]);
    expect(
      step(menu, { type: 'menu-miss', digits: '7', final: false }, T0).session
        .state,
    ).toBe('menu');
    expect(
      step(menu, { type: 'menu-miss', digits: '7', final: true }, T0).session
        .state,
    ).toBe('turned-away');
  });

  it('records a wrong key and no key at the menu apart', () => {
    const menu: CallSessionState = { ...start([]), state: 'menu' };
    const note = (digits: string, final: boolean) =>
      step(menu, { type: 'menu-miss', digits, final }, T0).commands;
    expect(note('7', false)).toEqual([
      {
        type: 'record',
        eventType: 'menu-choice',
        message:
          'The caller pressed 7, which is not an option: asked once more',
      },
    ]);
    expect(note('', true)).toEqual([
      {
        type: 'record',
        eventType: 'menu-choice',
        message:
          'The caller pressed nothing: the call was ended after the second try',
      },
    ]);
    expect(
      step(
        menu,
        {
          type: 'option-chosen',
          key: '',
          label: 'Anyone',
          plan: [responder('ana')],
          skipped: [],
        },
        T0,
      ).commands,
    ).toEqual([
      {
        type: 'record',
        eventType: 'menu-choice',
        message: 'The caller pressed nothing: Anyone',
      },
      // The option's responders may now read the alert.
      { type: 'set-responders', userRefs: ['user:default/ana'] },
    ]);
  });

  it('sends the caller on at once, with the reasons, when the chosen option has nobody to dial', () => {
    const menu: CallSessionState = { ...start([]), state: 'menu' };
    const chosen = step(
      menu,
      {
        type: 'option-chosen',
        key: '2',
        label: 'Sales',
        plan: [],
        skipped: [
          {
            userRef: 'user:default/bob',
            reason: 'has no phone number in the catalog',
          },
        ],
      },
      T0,
    );
    expect(chosen.session.state).toBe('voicemail');
    // The menu's answer takes the caller there: no redirect.
    expect(chosen.commands).toEqual([
      {
        type: 'record',
        eventType: 'menu-choice',
        message: 'The caller pressed 2: Sales',
      },
      { type: 'set-responders', userRefs: [] },
      {
        type: 'record',
        eventType: 'note',
        message:
          'Nobody can be dialled (user:default/bob has no phone number in the catalog): the caller was asked to leave a voicemail',
      },
    ]);
  });

  describe('a call arriving', () => {
    const arrival = (
      next: CallArrived['next'],
      voicemail = true,
    ): CallArrived => ({
      type: 'call-arrived',
      from: '+4930555000',
      to: '+14155550100',
      integrationName: 'Platform',
      closeWhenCallEnds: true,
      next,
      plan: [responder('ana'), responder('bob', 300)],
      skipped: [],
      voicemail,
    });

    it('queues the caller, and dials the first responder once dialling starts', () => {
      const arrived = arrive(arrival('queue'), T0);
      expect(arrived.session).toMatchObject({ state: 'queued', queuedAt: T0 });
      expect(arrived.session.dialStartedAt).toBeUndefined();
      expect(arrived.commands.map(c => c.type)).toEqual(['record']);
      const { session, commands: started } = step(
        arrived.session,
        { type: 'start-dialling' },
        T0,
      );
      const commands = [...arrived.commands, ...started];
      expect(session).toMatchObject({
        state: 'queued',
        queuedAt: T0,
        dialStartedAt: T0,
        tried: [0],
        leg: { index: 0, attempt: 1, since: T0 },
      });
      expect(commands.map(c => c.type)).toEqual([
        'record',
        'place-leg',
        'record',
      ]);
      expect(commands[0]).toMatchObject({
        eventType: 'call-received',
        message: 'Call from +4930555000 to +14155550100 (Platform)',
      });
    });

    it('waits for the menu choice before planning anyone', () => {
      const { session, commands } = arrive(arrival('menu'), T0);
      expect(session).toEqual({
        state: 'menu',
        plan: [],
        tried: [],
        queuedAt: T0,
        voicemail: true,
        arrivedAt: T0,
        closeWhenCallEnds: true,
      });
      expect(commands).toHaveLength(1);
    });

    it('notes that users to try is 0: voicemail, or try later', () => {
      const voicemail = arrive(arrival('voicemail'), T0);
      expect(voicemail.session.state).toBe('voicemail');
      expect(voicemail.commands[1]).toMatchObject({
        eventType: 'note',
        message: 'Users to try is 0: the caller was asked to leave a voicemail',
      });
      const later = arrive(arrival('try-later', false), T0);
      expect(later.session).toMatchObject({
        state: 'turned-away',
        plan: [],
        voicemail: false,
      });
      expect(later.commands[1]).toMatchObject({
        message:
          'Users to try is 0 and voicemail is off: the caller was asked to try again later',
      });
    });

    it('leads from the welcome to the voicemail itself when nobody can be dialled, and says why', () => {
      // A redirect would cut the welcome off: the answer's TwiML goes on.
      const nobody = arrive(
        {
          ...arrival('queue'),
          plan: [],
          skipped: [
            { userRef: 'user:default/bob', reason: 'is not in the catalog' },
            {
              userRef: 'user:default/cy',
              reason: 'has no phone number in the catalog',
            },
          ],
        },
        T0,
      );
      expect(nobody.session).toMatchObject({ state: 'voicemail', plan: [] });
      expect(nobody.commands).toEqual([
        expect.objectContaining({ eventType: 'call-received' }),
        {
          type: 'record',
          eventType: 'note',
          message:
            'Nobody can be dialled (user:default/bob is not in the catalog; user:default/cy has no phone number in the catalog): the caller was asked to leave a voicemail',
        },
      ]);
      // Nobody on call (a business-hours schedule after hours), voicemail off.
      const later = arrive(
        { ...arrival('queue', false), plan: [], skipped: [] },
        T0,
      );
      expect(later.session.state).toBe('turned-away');
      expect(later.commands.slice(1)).toEqual([
        {
          type: 'record',
          eventType: 'note',
          message:
            'Nobody can be dialled (none of the recipients has anyone on call now) and voicemail is off: the caller was asked to try again later',
        },
      ]);
    });
  });

  describe('a responder who answered', () => {
    const answered = (call: CallSessionState) =>
      step(call, { type: 'leg-answered', index: 0, sid: 'L1' }, T0 + 5000);

    it('is asked to confirm, and the leg counts as answered from then', () => {
      const { session, commands, pickup } = answered(
        ringing([responder('ana')]),
      );
      expect(pickup).toBe('ask');
      expect(commands).toEqual([]);
      expect(session.leg).toEqual({
        index: 0,
        attempt: 1,
        since: T0 + 5000,
        sid: 'L1',
        answered: true,
      });
      // Twilio asking again changes nothing.
      expect(
        step(session, { type: 'leg-answered', index: 0, sid: 'L1' }, T0),
      ).toEqual({ session, commands: [], pickup: 'ask' });
    });

    it('is recognised before the placement is stored (matched by index)', () => {
      const requested = run(start([responder('ana')]), [
        { type: 'start-dialling' },
      ]).session;
      const { session } = step(
        requested,
        { type: 'leg-answered', index: 0, sid: 'L1' },
        T0,
      );
      expect(session.leg).toMatchObject({ sid: 'L1', answered: true });
      expect(
        step(
          session,
          { type: 'leg-placed', index: 0, attempt: 1, sid: 'L1' },
          T0,
        ).session,
      ).toBe(session);
    });

    it('is hung up (not cancelled) when the caller hangs up, someone else takes the call, or it is overdue', () => {
      const { session } = answered(ringing([responder('ana')]));
      expect(
        step(session, { type: 'caller-ended', durationSeconds: 20 }, T0)
          .commands[0],
      ).toEqual({ type: 'hang-up-leg', sid: 'L1' });
      expect(
        step(
          session,
          {
            type: 'browser-pickup',
            userRef: 'user:default/dave',
            displayName: 'Dave',
            sid: 'CB1',
          },
          T0,
        ).commands[0],
      ).toEqual({ type: 'hang-up-leg', sid: 'L1' });
      expect(
        step(session, { type: 'leg-overdue', index: 0, attempt: 1 }, T0)
          .commands[0],
      ).toEqual({ type: 'hang-up-leg', sid: 'L1' });
    });

    it('who hangs up without confirming is noted so, and the next responder rings', () => {
      const { session } = answered(
        ringing([responder('ana'), responder('bob')]),
      );
      const ended = step(
        session,
        { type: 'leg-ended', index: 0, sid: 'L1', status: 'completed' },
        T0,
      );
      expect(ended.commands[0]).toEqual({
        type: 'record',
        eventType: 'responder-outcome',
        message: 'ana did not take the call (answered, but did not press 1)',
        userRef: 'user:default/ana',
      });
      expect(ended.session.leg).toMatchObject({ index: 1 });
    });

    it('too late hears that the caller has gone, or that the call was taken', () => {
      const call = ringing([responder('ana')]);
      const gone = step(call, { type: 'caller-ended', durationSeconds: 3 }, T0);
      expect(answered(gone.session)).toEqual({
        session: gone.session,
        commands: [],
        pickup: 'caller-gone',
      });
      const taken = step(
        call,
        {
          type: 'browser-pickup',
          userRef: 'user:default/dave',
          displayName: 'Dave',
          sid: 'CB1',
        },
        T0,
      );
      expect(answered(taken.session).pickup).toBe('taken');
    });
  });

  it('gives the caller only to a responder who pressed the accepting key', () => {
    const call = ringing([responder('ana'), responder('bob')]);
    for (const digits of ['', '2', '11']) {
      expect(
        step(
          call,
          { type: 'responder-pressed', index: 0, sid: 'L1', digits },
          T0,
        ),
      ).toEqual({ session: call, commands: [], pickup: 'declined' });
    }
    expect(
      step(
        call,
        { type: 'responder-pressed', index: 0, sid: 'L1', digits: ACCEPT_KEY },
        T0,
      ).pickup,
    ).toBe('connected');
  });

  describe('secondary tiers', () => {
    const plan = [responder('ana'), responder('bob', 300)];

    it('waits out a later tier’s delay, counted from the first dial', () => {
      const { session, commands } = run(start(plan), [
        [T0, { type: 'start-dialling' }],
        [T0, { type: 'leg-placed', index: 0, attempt: 1, sid: 'L1' }],
        [
          T0 + 30_000,
          { type: 'leg-ended', index: 0, sid: 'L1', status: 'no-answer' },
        ],
      ]);
      expect(session).toMatchObject({
        state: 'queued',
        tried: [0],
        waitingUntil: T0 + 300_000,
      });
      expect(session.leg).toBeUndefined();
      expect(commands.slice(-2)).toEqual([
        'record:responder-outcome',
        'record:note',
      ]);
      // Too early: nothing. On time: Bob rings.
      expect(
        step(session, { type: 'delay-over' }, T0 + 299_999).commands,
      ).toEqual([]);
      const due = step(session, { type: 'delay-over' }, T0 + 300_000);
      expect(due.session.waitingUntil).toBeUndefined();
      expect(due.commands[0]).toMatchObject({
        type: 'place-leg',
        index: 1,
        responder: { displayName: 'bob' },
      });
      // The same timer firing on another replica changes nothing.
      expect(
        step(due.session, { type: 'delay-over' }, T0 + 300_001).commands,
      ).toEqual([]);
    });

    it('dials a tier whose delay has already passed at once', () => {
      const { session } = run(start(plan), [
        [T0, { type: 'start-dialling' }],
        [T0, { type: 'leg-placed', index: 0, attempt: 1, sid: 'L1' }],
        [
          T0 + 400_000,
          { type: 'leg-ended', index: 0, sid: 'L1', status: 'no-answer' },
        ],
      ]);
      expect(session.leg).toMatchObject({ index: 1, attempt: 1 });
      expect(session.waitingUntil).toBeUndefined();
    });

    it('waits from the start when the whole plan is delayed', () => {
      const later = step(
        start([responder('bob', 60)]),
        { type: 'start-dialling' },
        T0,
      );
      expect(later.session).toMatchObject({
        dialStartedAt: T0,
        waitingUntil: T0 + 60_000,
      });
    });
  });

  describe('placing legs', () => {
    const requested = run(start([responder('ana'), responder('bob')]), [
      { type: 'start-dialling' },
    ]).session;

    it('notes the slot the rate limit gave a request, for this attempt only', () => {
      const scheduled = step(
        requested,
        { type: 'leg-scheduled', index: 0, attempt: 1, at: T0 + 4000 },
        T0,
      ).session;
      expect(scheduled.leg).toMatchObject({ notBefore: T0 + 4000 });
      expect(
        step(
          requested,
          { type: 'leg-scheduled', index: 0, attempt: 2, at: T0 + 4000 },
          T0,
        ).session,
      ).toBe(requested);
    });

    it('asks again once for a leg whose request went unanswered, then moves on', () => {
      const again = step(
        requested,
        { type: 'leg-overdue', index: 0, attempt: 1 },
        T0 + 40_000,
      );
      expect(again.session.leg).toEqual({
        index: 0,
        attempt: 2,
        since: T0 + 40_000,
      });
      // Twilio is asked first whether the first request placed it after all.
      expect(again.commands[0]).toMatchObject({
        type: 'find-or-place-leg',
        index: 0,
        attempt: 2,
        since: requested.leg!.notBefore ?? requested.leg!.since,
      });
      // The first request's leg turns up after all: it is not wanted.
      expect(
        step(
          again.session,
          { type: 'leg-placed', index: 0, attempt: 1, sid: 'LATE' },
          T0,
        ).commands,
      ).toEqual([{ type: 'cancel-leg', sid: 'LATE' }]);

      expect(MAX_PLACE_ATTEMPTS).toBe(2);
      const skipped = step(
        again.session,
        { type: 'leg-overdue', index: 0, attempt: 2 },
        T0 + 80_000,
      );
      expect(skipped.session.leg).toMatchObject({ index: 1 });
      expect(skipped.commands[0]).toMatchObject({
        type: 'record',
        message: 'ana did not take the call (the call could not be placed)',
      });
    });

    it('adopts the leg Twilio has for a request that went unanswered, so the responder rings once', () => {
      const again = step(
        requested,
        { type: 'leg-overdue', index: 0, attempt: 1 },
        T0 + 40_000,
      );
      const found = step(
        again.session,
        {
          type: 'leg-found',
          index: 0,
          attempt: 2,
          sid: 'FOUND',
          status: 'ringing',
        },
        T0 + 41_000,
      );
      expect(found.session.leg).toEqual({
        index: 0,
        attempt: 2,
        since: T0 + 41_000,
        sid: 'FOUND',
      });
      expect(found.commands.map(c => c.type)).toEqual(['record']);
      // Its late answer from the first request changes nothing.
      expect(
        step(
          found.session,
          { type: 'leg-placed', index: 0, attempt: 1, sid: 'FOUND' },
          T0 + 42_000,
        ).commands,
      ).toEqual([]);
      // A found call that is over already moves on to the next responder.
      const over = step(
        again.session,
        { type: 'leg-found', index: 0, attempt: 2, sid: 'F', status: 'busy' },
        T0 + 41_000,
      );
      expect(over.session.leg).toMatchObject({ index: 1 });
    });

    it('requests a handed-off leg at its slot, without looking for it and without using up an attempt', () => {
      const handedOff = step(
        requested,
        { type: 'leg-handed-off', index: 0, attempt: 1 },
        T0 + 1000,
      );
      expect(handedOff.commands).toEqual([]);
      expect(handedOff.session.leg).toMatchObject({ handedOff: true });
      const due = overdueEvent(
        handedOff.session,
        handedOff.session.leg!.notBefore ?? handedOff.session.leg!.since,
        30,
      );
      expect(due).toEqual({ type: 'leg-overdue', index: 0, attempt: 1 });
      const placed = step(handedOff.session, due!, T0 + 2000);
      expect(placed.commands).toEqual([
        {
          type: 'place-leg',
          index: 0,
          attempt: 2,
          responder: responder('ana'),
        },
      ]);
      expect(placed.session.leg).toEqual({
        index: 0,
        attempt: 2,
        since: T0 + 2000,
      });
    });

    it('places a leg whose slot came only while the call still wants it', () => {
      const slot = { type: 'leg-slot-came', index: 0, attempt: 1 } as const;
      expect(step(requested, slot, T0 + 6000)).toEqual({
        session: requested,
        commands: [
          {
            type: 'dial-leg',
            index: 0,
            attempt: 1,
            responder: responder('ana'),
          },
        ],
      });
      // Superseded by a second request, or the caller hung up meanwhile.
      const again = step(
        requested,
        { type: 'leg-overdue', index: 0, attempt: 1 },
        T0 + 40_000,
      ).session;
      expect(step(again, slot, T0 + 40_001).commands).toEqual([]);
      const gone = step(
        requested,
        { type: 'caller-ended', durationSeconds: 3 },
        T0 + 1000,
      ).session;
      expect(step(gone, slot, T0 + 6000).commands).toEqual([]);
      // Placed already: nothing to do.
      const placed = step(
        requested,
        { type: 'leg-placed', index: 0, attempt: 1, sid: 'L1' },
        T0,
      ).session;
      expect(step(placed, slot, T0 + 6000).commands).toEqual([]);
    });

    it('moves on from a leg Twilio refused to place', () => {
      const failed = step(
        requested,
        { type: 'leg-failed', index: 0, attempt: 1 },
        T0 + 500,
      );
      expect(failed.session.leg).toMatchObject({ index: 1, attempt: 1 });
      expect(failed.commands).toEqual([
        {
          type: 'record',
          eventType: 'responder-outcome',
          message: 'ana did not take the call (failed)',
          userRef: 'user:default/ana',
        },
        expect.objectContaining({ type: 'place-leg', index: 1 }),
        expect.objectContaining({
          type: 'record',
          eventType: 'responder-dialled',
        }),
      ]);
      // A failure of a request that no longer counts changes nothing.
      expect(
        step(failed.session, { type: 'leg-failed', index: 0, attempt: 1 }, T0)
          .session,
      ).toBe(failed.session);
    });

    it('hangs up a placed leg that went silent and rings the next responder', () => {
      const overdue = step(
        ringing([responder('ana'), responder('bob')]),
        { type: 'leg-overdue', index: 0, attempt: 1 },
        T0 + 60_000,
      );
      expect(overdue.commands.map(c => c.type)).toEqual([
        'cancel-leg',
        'record',
        'place-leg',
        'record',
      ]);
      expect(
        step(overdue.session, { type: 'leg-overdue', index: 0, attempt: 1 }, T0)
          .commands,
      ).toEqual([]);
    });
  });

  describe('browser pickup', () => {
    const pickup: CallEvent = {
      type: 'browser-pickup',
      userRef: 'user:default/dave',
      displayName: 'Dave',
      sid: 'CB1',
    };

    it('connects the browser, hangs up the ringing phone and acknowledges', () => {
      const taken = step(ringing([responder('ana')]), pickup, T0);
      expect(taken.pickup).toBe('connected');
      expect(taken.session).toMatchObject({
        state: 'connected',
        answeredBy: 'user:default/dave',
      });
      expect(taken.commands).toEqual([
        { type: 'cancel-leg', sid: 'L1' },
        {
          type: 'record',
          eventType: 'answered',
          message:
            'Dave took the call in the browser and was connected to the caller',
          userRef: 'user:default/dave',
        },
        { type: 'acknowledge', userRef: 'user:default/dave' },
      ]);
      // The phone confirms a moment later: too late.
      expect(
        step(
          taken.session,
          {
            type: 'responder-pressed',
            index: 0,
            sid: 'L1',
            digits: '1',
          },
          T0,
        ).pickup,
      ).toBe('taken');
      // Twilio retries the browser's request: it is still connected.
      expect(step(taken.session, pickup, T0)).toEqual({
        session: taken.session,
        commands: [],
        pickup: 'connected',
      });
    });

    it('stops a wait for the next tier', () => {
      const waiting: CallSessionState = {
        ...start([responder('ana'), responder('bob', 300)]),
        dialStartedAt: T0,
        next: 1,
        waitingUntil: T0 + 300_000,
      };
      const taken = step(waiting, pickup, T0);
      expect(taken.session.waitingUntil).toBeUndefined();
      expect(taken.commands.map(c => c.type)).toEqual([
        'record',
        'acknowledge',
      ]);
      expect(
        step(taken.session, { type: 'delay-over' }, T0 + 300_000).commands,
      ).toEqual([]);
    });

    it('refuses once somebody has the caller, or the caller has gone', () => {
      const phone = step(
        ringing([responder('ana')]),
        {
          type: 'responder-pressed',
          index: 0,
          sid: 'L1',
          digits: '1',
        },
        T0,
      ).session;
      expect(step(phone, pickup, T0).pickup).toBe('taken');
      const gone = step(
        ringing([responder('ana')]),
        { type: 'caller-ended', durationSeconds: 3 },
        T0,
      ).session;
      expect(step(gone, pickup, T0).pickup).toBe('caller-gone');
    });
  });

  describe('whatever Twilio reports, in any order', () => {
    const plan = [responder('ana'), responder('bob', 60), responder('cy')];
    const eventArb: fc.Arbitrary<CallEvent> = fc.oneof(
      fc.constant<CallEvent>({ type: 'start-dialling' }),
      fc.constant<CallEvent>({ type: 'delay-over' }),
      fc.record({
        type: fc.constant('leg-placed' as const),
        index: fc.nat(3),
        attempt: fc.integer({ min: 1, max: 2 }),
        sid: fc.constantFrom('L1', 'L2', 'L3'),
      }),
      fc.record({
        type: fc.constant('leg-ended' as const),
        index: fc.nat(3),
        sid: fc.constantFrom('L1', 'L2', 'L3'),
        status: fc.constantFrom('busy', 'no-answer', 'completed'),
      }),
      fc.record({
        type: fc.constant('leg-overdue' as const),
        index: fc.nat(3),
        attempt: fc.integer({ min: 1, max: 2 }),
      }),
      fc.record({
        type: fc.constant('leg-answered' as const),
        index: fc.nat(3),
        sid: fc.constantFrom('L1', 'L2', 'L3'),
      }),
      fc.record({
        type: fc.constant('responder-pressed' as const),
        index: fc.nat(3),
        sid: fc.constantFrom('L1', 'L2', 'L3'),
        digits: fc.constantFrom('1', '2', ''),
      }),
      fc.record({
        type: fc.constantFrom('leg-failed' as const, 'leg-slot-came' as const),
        index: fc.nat(3),
        attempt: fc.integer({ min: 1, max: 2 }),
      }),
      fc.record({
        type: fc.constant('browser-pickup' as const),
        userRef: fc.constant('user:default/dave'),
        displayName: fc.constant('Dave'),
        sid: fc.constantFrom('CB1', 'CB2'),
      }),
      fc.record({
        type: fc.constant('caller-ended' as const),
        durationSeconds: fc.nat(600),
      }),
    );
    const timedEvents = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 120_000 }), eventArb),
      { maxLength: 40 },
    );

    /** What a run of events did that the engine must never do. */
    function violations(events: Array<[number, CallEvent]>): string[] {
      const found: string[] = [];
      let session = start(plan);
      let clock = T0;
      const winners = new Set<string>();
      const placed = new Set<string>();
      for (const [dt, event] of events) {
        clock += dt;
        const t = step(session, event, clock);
        if (t.pickup === 'connected' && 'sid' in event) winners.add(event.sid);
        for (const c of t.commands) {
          const { leg: before } = session;
          if (
            c.type === 'cancel-leg' &&
            before?.answered &&
            before.sid === c.sid
          ) {
            found.push(`answered leg ${c.sid} cancelled, not hung up`);
          }
          if (c.type !== 'place-leg') continue;
          const key = `${c.index}/${c.attempt}`;
          if (placed.has(key)) found.push(`leg ${key} requested twice`);
          placed.add(key);
          const { leg, dialStartedAt = 0 } = t.session;
          if (leg?.index !== c.index || leg.attempt !== c.attempt) {
            found.push(`leg ${key} requested but not the current leg`);
          }
          if (clock < dialStartedAt + c.responder.afterSeconds * 1000) {
            found.push(`leg ${key} rung before its delay`);
          }
        }
        if (session.state === 'ended' && t.session !== session) {
          found.push(`an ended call changed on ${event.type}`);
        }
        session = t.session;
      }
      if (winners.size > 1) found.push(`${winners.size} people got the caller`);
      if (session.state !== 'queued' && (session.leg || session.waitingUntil)) {
        found.push(`a ${session.state} call still rings or waits`);
      }
      return found;
    }

    it('hands the caller to at most one person, rings one leg at a time, never a responder twice per attempt, and hangs up answered legs', () => {
      fc.assert(
        fc.property(timedEvents, events => {
          expect(violations(events)).toEqual([]);
        }),
        { numRuns: 500 },
      );
    });
  });
});
