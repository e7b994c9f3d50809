import type { PlannedUser } from '@icr/plugin-incoming-call-common';
import {
  type CallEvent,
  type CallSessionState,
  overdueEvent,
  step,
} from './callEngine';

const responder = (name: string): PlannedUser => ({
  userRef: `user:default/${name}`,
  displayName: name,
  phone: '+14155550100',
  reason: 'on call',
});

const start = (plan: PlannedUser[], voicemail = true): CallSessionState => ({
  state: 'queued',
  plan,
  next: 0,
  voicemail,
});

/** Runs events in order; returns the final session and every command type. */
function run(session: CallSessionState, events: CallEvent[]) {
  const commands: string[] = [];
  let current = session;
  for (const event of events) {
    const t = step(current, event);
    current = t.session;
    commands.push(
      ...t.commands.map(c =>
        c.type === 'record' ? `record:${c.eventType}` : c.type,
      ),
    );
  }
  return { session: current, commands };
}

describe('call engine', () => {
  it('dials responders one at a time until one confirms', () => {
    const { session, commands } = run(
      start([responder('ana'), responder('bob')]),
      [
        { type: 'start-dialling' },
        { type: 'leg-placed', index: 0, sid: 'L1' },
        { type: 'leg-ended', index: 0, sid: 'L1', status: 'no-answer' },
        { type: 'leg-placed', index: 1, sid: 'L2' },
        { type: 'leg-confirmed', index: 1, sid: 'L2' },
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
    const events: CallEvent[] = [
      { type: 'start-dialling' },
      { type: 'leg-placed', index: 0, sid: 'L1' },
      { type: 'leg-ended', index: 0, sid: 'L1', status: 'busy' },
    ];
    const withVoicemail = run(start([responder('ana')]), events);
    expect(withVoicemail.session.state).toBe('voicemail');
    expect(
      step(start([responder('ana')]), events[0]).commands[0],
    ).toMatchObject({ type: 'place-leg', index: 0 });
    const last = step(
      { ...start([responder('ana')]), next: 1, leg: { index: 0, sid: 'L1' } },
      events[2],
    );
    expect(last.commands).toContainEqual({
      type: 'redirect-caller',
      to: 'voicemail',
    });

    const without = step(
      {
        ...start([responder('ana')], false),
        next: 1,
        leg: { index: 0, sid: 'L1' },
      },
      events[2],
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

  it('gives the caller to the first confirmation only', () => {
    const ringing: CallSessionState = {
      ...start([responder('ana')]),
      next: 1,
      leg: { index: 0, sid: 'L1' },
    };
    const first = step(ringing, { type: 'leg-confirmed', index: 0, sid: 'L1' });
    expect(first.connected).toBe(true);
    const second = step(first.session, {
      type: 'leg-confirmed',
      index: 0,
      sid: 'L1',
    });
    expect(second.connected).toBe(false);
    expect(second.commands).toEqual([]);
    expect(
      step(ringing, { type: 'leg-confirmed', index: 7, sid: 'OTHER' })
        .connected,
    ).toBe(false);
  });

  it('ignores duplicate and late callbacks', () => {
    const ringing: CallSessionState = {
      ...start([responder('ana'), responder('bob')]),
      next: 1,
      leg: { index: 0, sid: 'L1' },
    };
    const moved = step(ringing, {
      type: 'leg-ended',
      index: 0,
      sid: 'L1',
      status: 'no-answer',
    }).session;
    // The same callback again, and one for a leg long gone.
    expect(
      step(moved, {
        type: 'leg-ended',
        index: 0,
        sid: 'L1',
        status: 'no-answer',
      }).commands,
    ).toEqual([]);
    expect(
      step(moved, { type: 'leg-ended', index: 5, sid: 'L0', status: 'failed' })
        .commands,
    ).toEqual([]);
    // Placing reported twice.
    const placed = step(moved, {
      type: 'leg-placed',
      index: 1,
      sid: 'L2',
    }).session;
    expect(step(placed, { type: 'leg-placed', index: 1, sid: 'L2' })).toEqual({
      session: placed,
      commands: [],
    });
    // Start reported twice.
    expect(step(placed, { type: 'start-dialling' }).commands).toEqual([]);
  });

  it('cancels the ringing leg and closes the alert when the caller hangs up', () => {
    const ringing: CallSessionState = {
      ...start([responder('ana')]),
      next: 1,
      leg: { index: 0, sid: 'L1' },
    };
    const ended = step(ringing, { type: 'caller-ended', durationSeconds: 12 });
    expect(ended.session.state).toBe('ended');
    expect(ended.commands).toEqual([
      { type: 'cancel-leg', sid: 'L1' },
      {
        type: 'record',
        eventType: 'caller-hung-up',
        message: 'The caller hung up after 12 s, before anyone answered',
      },
      { type: 'close-alert' },
    ]);
    expect(
      step(ended.session, { type: 'caller-ended', durationSeconds: 12 })
        .commands,
    ).toEqual([]);
    // A leg placed after the caller left is taken back at once.
    expect(
      step(
        { ...ended.session, leg: { index: 0 } },
        { type: 'leg-placed', index: 0, sid: 'L9' },
      ).commands,
    ).toEqual([{ type: 'cancel-leg', sid: 'L9' }]);
  });

  it('records who answered and how long the call lasted', () => {
    const connected: CallSessionState = {
      ...start([responder('ana')]),
      state: 'connected',
      answeredBy: 'user:default/ana',
    };
    expect(
      step(connected, { type: 'caller-ended', durationSeconds: 300 }).commands,
    ).toEqual([
      {
        type: 'record',
        eventType: 'call-ended',
        message: 'The call ended after 300 s; answered by user:default/ana',
      },
      { type: 'close-alert' },
    ]);
  });

  it('starts dialling an auto-attendant option only once it is chosen', () => {
    const menu: CallSessionState = { ...start([]), state: 'menu' };
    expect(step(menu, { type: 'start-dialling' }).commands).toEqual([]);
    const chosen = step(menu, {
      type: 'option-chosen',
      key: '1',
      label: 'Support',
      plan: [responder('ana')],
    });
    expect(chosen.session).toMatchObject({
      state: 'queued',
      plan: [responder('ana')],
      next: 0,
    });
    expect(
      step(chosen.session, { type: 'start-dialling' }).commands[0],
    ).toMatchObject({ type: 'place-leg', index: 0 });
    // A repeated choice changes nothing.
    expect(
      step(chosen.session, {
        type: 'option-chosen',
        key: '1',
        label: 'Support',
        plan: [],
      }).commands,
    ).toEqual([]);
    expect(
      step(menu, { type: 'menu-miss', digits: '7', final: true }).session.state,
    ).toBe('turned-away');
  });

  it('owes an idle queued call its first leg, and a silent leg its end', () => {
    const queued = start([responder('ana'), responder('bob')]);
    expect(overdueEvent(queued, 5, 25)).toBeUndefined();
    expect(overdueEvent(queued, 10, 25)).toEqual({ type: 'start-dialling' });
    const ringing: CallSessionState = {
      ...queued,
      next: 1,
      leg: { index: 0, sid: 'L1' },
    };
    expect(overdueEvent(ringing, 54, 25)).toBeUndefined();
    expect(overdueEvent(ringing, 55, 25)).toEqual({
      type: 'leg-overdue',
      index: 0,
    });
    expect(
      overdueEvent({ ...ringing, state: 'connected' }, 500, 25),
    ).toBeUndefined();

    const overdue = step(ringing, { type: 'leg-overdue', index: 0 });
    expect(overdue.commands.map(c => c.type)).toEqual([
      'cancel-leg',
      'record',
      'place-leg',
      'record',
    ]);
    expect(
      step(overdue.session, { type: 'leg-overdue', index: 0 }).commands,
    ).toEqual([]);
  });
});
