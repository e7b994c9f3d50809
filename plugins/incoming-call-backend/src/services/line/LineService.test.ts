import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../../__testUtils__/databases';
import { storedSession } from '../../__testUtils__/storedSession';
import { CallStore } from '../../database/CallStore';
import { LineStore } from '../../database/LineStore';
import { applyMigrations } from '../../database/migrations';
import type { CallEvent } from '../../domain/engine/callEngine';
import { LineService } from './LineService';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const T0 = 10_000_000;
const ANA = 'user:default/ana';
const BOB = 'user:default/bob';

const session = storedSession;

describe.each(databases.eachSupportedId())('LineService on %s', id => {
  async function setUp(statuses: Record<string, string> = {}) {
    const knex = await databases.init(id);
    await applyMigrations(knex);
    const line = new LineStore(knex);
    const calls = new CallStore(knex);
    const woken: Array<{ callSid: string; event: CallEvent }> = [];
    const checked: string[] = [];
    const service = new LineService({
      line,
      calls,
      gateway: {
        callStatus: async sid => {
          checked.push(sid);
          return { status: statuses[sid] ?? 'not-found', durationSeconds: 0 };
        },
      },
      clock: { now: () => T0 + 10 * 60_000 },
      logger: mockServices.logger.mock(),
      apply: async (callSid, event) => {
        woken.push({ callSid, event });
        return undefined;
      },
    });
    return { knex, line, calls, service, woken, checked };
  }

  const entry = (n: number, ...wants: string[]) => ({
    call: {
      callSid: `CA${n}`,
      teamRef: 'group:default/platform',
      alertId: `alert-CA${n}`,
      queuedAt: T0 + n,
    },
    value: { wants: wants.map((userRef, index) => ({ index, userRef })) },
  });

  it('wakes the callers the line gives a free responder, first come first served', async () => {
    const { line, calls, service, woken } = await setUp();
    await calls.startSessions(
      ['CA1', 'CA2', 'CA3', 'CA4'].map(sid => ({
        session: session(sid),
        at: new Date(T0),
      })),
    );
    for (const e of [
      entry(2, ANA),
      entry(1, ANA, BOB),
      entry(3, BOB),
      entry(4, ANA),
    ]) {
      await line.setEntry(e.call, e.value);
    }
    await line.claim(BOB, 'CA9', T0);
    await service.match();
    // Bob is busy: CA1 gets Ana, and nobody else is free.
    expect(woken).toEqual([
      { callSid: 'CA1', event: { type: 'responder-free' } },
    ]);
    // A responder back from a call is offered the first caller waiting for them.
    expect(await service.nextFor(ANA)).toEqual({
      callSid: 'CA1',
      callerNumber: '+4930555000',
      language: 'en-US',
    });
    expect((await service.nextFor(BOB))?.callSid).toBe('CA1');
    expect(await service.nextFor('user:default/carol')).toBeUndefined();
  });

  it('frees the responder of a call that is over once Twilio says their leg is, not before', async () => {
    const { line, calls, service, checked } = await setUp({
      LA: 'in-progress',
      LB: 'completed',
    });
    const at = new Date(T0);
    await calls.startSessions(
      [
        session('CA1', { state: 'ended', answeredBy: ANA, answeredOn: 'LA' }),
        session('CA2', { state: 'ended', answeredBy: BOB, answeredOn: 'LB' }),
      ].map(s => ({ session: s, at })),
    );
    await line.claim(ANA, 'CA1', T0);
    await line.claim(BOB, 'CA2', T0);
    // A claim of a call still going on is not looked at.
    await calls.startSessions([{ session: session('CA3'), at }]);
    await line.claim('user:default/carol', 'CA3', T0);

    await service.sweep();
    expect(checked.sort()).toEqual(['LA', 'LB']);
    expect((await line.responders()).map(r => r.userRef)).toEqual([
      ANA,
      'user:default/carol',
    ]);
  });

  it('keeps a responder who stopped taking calls away until they take them again', async () => {
    const { line, service } = await setUp();
    await service.stopTaking(ANA);
    expect((await line.snapshot(T0 + 10 * 60_000)).away).toEqual(
      new Set([ANA]),
    );
    await service.resumeTaking(ANA);
    expect(await line.responders()).toEqual([]);
  });
});
