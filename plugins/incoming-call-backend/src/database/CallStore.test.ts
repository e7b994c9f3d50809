import { createTestDatabases } from '../__testUtils__/databases';
import { storedSession } from '../__testUtils__/storedSession';
import { applyMigrations } from './migrations';
import { CallStore } from './CallStore';
import type { CallSessionState } from '../domain/engine/callEngine';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** In the form sessions had before `tried`: the plan walked up to `next`. */
const session = (callSid: string) =>
  storedSession(callSid, { tried: undefined, next: 0 });

const ringing = (sid: string): CallSessionState => ({
  state: 'queued',
  plan: [],
  next: 1,
  voicemail: true,
  leg: { index: 0, attempt: 1, since: 1_000, sid },
});

describe.each(databases.eachSupportedId())('CallStore on %s', id => {
  it('advances many calls in one statement, each under its own version', async () => {
    const knex = await databases.init(id);
    await applyMigrations(knex);
    const store = new CallStore(knex);
    const at = new Date('2026-11-25T10:00:00Z');
    const started = await store.startSessions(
      ['CA1', 'CA2', 'CA3'].map(sid => ({ session: session(sid), at })),
    );
    expect(started).toEqual(new Set(['alert-CA1', 'alert-CA2', 'alert-CA3']));
    // Another request moved CA2 on first.
    expect(await store.advance(session('CA2'), ringing('CL-other'), at)).toBe(
      true,
    );

    const later = new Date(at.getTime() + 5_000);
    const stored = await store.advanceMany([
      { session: session('CA1'), flow: ringing('CL1'), at: later },
      { session: session('CA2'), flow: ringing('CL2'), at: later },
      { session: session('CA3'), flow: ringing('CL3'), at: later },
      { session: session('CA3'), flow: ringing('CL3-again'), at: later },
    ]);

    expect(stored).toEqual([true, false, true, false]);
    const ca1 = await store.getSession('CA1');
    expect(ca1).toMatchObject({ version: 2, flow: ringing('CL1') });
    expect(ca1?.context).toEqual(session('CA1').context);
    expect((await store.getSession('CA2'))?.flow.leg?.sid).toBe('CL-other');
    expect(await store.getSession('CA3')).toMatchObject({
      version: 2,
      flow: ringing('CL3'),
    });
    const row = await knex('call_sessions').where({ call_sid: 'CA1' }).first();
    expect(Number(row.updated_at)).toBe(later.getTime());
    // The leg's ring-timeout backstop is what the sweep wakes for.
    expect(Number(row.wake_at)).toBeGreaterThan(1_000);

    // A call recorded already is not recorded again.
    expect(
      await store.startSessions([{ session: session('CA1'), at }]),
    ).toEqual(new Set());

    // Many sessions in one read, by SID; one not stored is left out.
    const many = await store.getSessions(['CA3', 'CA-unknown', 'CA1']);
    expect([...many.keys()].sort()).toEqual(['CA1', 'CA3']);
    expect(many.get('CA1')).toEqual(ca1);
    expect(await store.getSessions([])).toEqual(new Map());
  });
});
