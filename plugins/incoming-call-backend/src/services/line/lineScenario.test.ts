import { mockServices } from '@backstage/backend-test-utils';
import {
  isFinalCall,
  ScaledClock,
  type SimulatedCall,
  type SimulatedPhoneNetwork,
} from '@icr/phone-network-sim';
import type { Knex } from 'knex';
import { startNetworkReplicas } from '../../__testUtils__/callBackend';
import { createTestDatabases } from '../../__testUtils__/databases';
import { eventually } from '../../__testUtils__/eventually';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../../__testUtils__/platformIntegration';

/**
 * The line in an outage, through the simulated network and two backend
 * replicas behind a balancer: 50 callers within five seconds for a team of
 * three responders whose phones answer after 5 s, confirm and talk for a
 * minute. The network and both replicas share one clock running FACTOR
 * times real time, so that the twenty minutes of calls take about one.
 */
const FACTOR = 25;
const CALLERS = 50;
/** Between one caller and the next (on the clock): all 50 within 5 s. */
const ARRIVAL_GAP_MS = 100;
const ANSWER_AFTER_SECONDS = 5;
const TALK_SECONDS = 60;
/** Callers (by arrival) who give up while they wait in line. */
const GIVE_UP = new Set([20, 35]);
const GIVE_UP_AFTER_SECONDS = 150;
/** How often the replicas' sweep runs, as the scheduler would (clock ms). */
const SWEEP_EVERY_MS = 5_000;
/** The whole burst, in real time, with room for a loaded machine. */
const BURST_OVER_MS = 4 * 60_000;

jest.setTimeout(BURST_OVER_MS + 60_000);

const databases = createTestDatabases();
const RESPONDERS = {
  'user:default/ana': '+14155550101',
  'user:default/bob': '+14155550102',
  'user:default/carol': '+14155550103',
};
/** What a waiting caller hears of their place ("number 12 in line"). */
const PLACE = /\bnumber (\d+) in line\b|\b(next) in line\b/i;

describe.each(databases.eachSupportedId())(
  'the line in a burst of calls, two replicas, on %s',
  id => {
    let knex: Knex;
    let clock: ScaledClock;
    let started: Awaited<ReturnType<typeof startNetworkReplicas>>;
    let network: SimulatedPhoneNetwork;

    beforeEach(async () => {
      knex = await databases.init(id);
      clock = new ScaledClock(FACTOR);
      started = await startNetworkReplicas(knex, {
        count: 2,
        clock,
        extra: [mockServices.rootLogger.factory({ level: 'error' })],
      });
      network = started.network;
      await savePlatformIntegration(knex, {
        recipients: Object.keys(RESPONDERS),
        usersToTry: 3,
        // More than 10 calls in 5 minutes: an outage, one incident.
        incident: { enabled: true, calls: 10, windowMinutes: 5 },
      });
      for (const phone of Object.values(RESPONDERS)) {
        network.setPhone(phone, {
          kind: 'answer',
          press: '1',
          afterSeconds: ANSWER_AFTER_SECONDS,
          talkSeconds: TALK_SECONDS,
        });
      }
    });

    afterEach(() => started.stop());

    /** The callers in line order (when their sessions joined it). */
    async function lineOrder(callers: SimulatedCall[]) {
      const rows: { call_sid: string; data: string }[] = await knex(
        'call_sessions',
      ).select('call_sid', 'data');
      const joined = new Map(
        rows.map(row => [
          row.call_sid,
          JSON.parse(row.data).flow.queuedAt as number,
        ]),
      );
      const queuedAt = (c: SimulatedCall) => joined.get(c.sid)!;
      const inLine = [...callers].sort(
        (a, b) => queuedAt(a) - queuedAt(b) || a.sid.localeCompare(b.sid),
      );
      return { inLine, queuedAt };
    }

    /** When each call was first given a responder (its first leg's claim). */
    async function firstDialled(of: SimulatedCall[]) {
      const rows: { call_sid: string; at: string | number }[] = await knex(
        'call_sessions as s',
      )
        .join('alert_events as e', 'e.alert_id', 's.alert_id')
        .whereIn(
          's.call_sid',
          of.map(c => c.sid),
        )
        .where('e.type', 'responder-dialled')
        .groupBy('s.call_sid')
        .select('s.call_sid', knex.raw('MIN(e.at) as at'));
      return new Map(rows.map(row => [row.call_sid, Number(row.at)]));
    }

    it('serves the callers first come first served, rings nobody busy, tells the waiting their place, and groups the calls', async () => {
      const stopSweeping = started.sweepEvery(SWEEP_EVERY_MS);
      const callers: SimulatedCall[] = [];
      for (let i = 0; i < CALLERS; i++) {
        callers.push(
          network.call(`+4930555${String(1000 + i)}`, HOTLINE, {
            ...(GIVE_UP.has(i) && {
              hangUpAfterSeconds: GIVE_UP_AFTER_SECONDS,
            }),
          }),
        );
        await clock.sleep(ARRIVAL_GAP_MS);
      }
      await eventually(
        () =>
          expect(
            callers.filter(c => !isFinalCall(network.get(c.sid))).length,
          ).toBe(0),
        { timeoutMs: BURST_OVER_MS },
      );
      await stopSweeping();
      await network.settled();
      const gaveUp = [...GIVE_UP].map(i => callers[i].sid);

      // No responder's phone rang while they were in a call: each phone's
      // legs, from request to end, never overlap.
      const legs = network.calls().filter(c => c.direction === 'outbound-api');
      for (const [userRef, phone] of Object.entries(RESPONDERS)) {
        const theirs = legs
          .filter(leg => leg.to === phone)
          .sort((a, b) => a.createdAt - b.createdAt);
        const overlaps = theirs
          .slice(1)
          .flatMap((leg, i) =>
            leg.createdAt < (theirs[i].endedAt ?? Infinity)
              ? [`${userRef}: ${theirs[i].sid} and ${leg.sid}`]
              : [],
          );
        expect(overlaps).toEqual([]);
      }

      // Everyone who stayed was connected, with one leg each; those who
      // gave up in line never were.
      const connected = callers.filter(c => network.get(c.sid).bridges.length);
      expect(connected.map(c => c.sid).sort()).toEqual(
        callers
          .map(c => c.sid)
          .filter(sid => !gaveUp.includes(sid))
          .sort(),
      );
      expect(legs).toHaveLength(connected.length);

      const { inLine, queuedAt } = await lineOrder(callers);
      // Those who waited heard their place, which only ever moved up.
      const waited = inLine.slice(Object.keys(RESPONDERS).length);
      for (const caller of waited) {
        const { heard } = network.get(caller.sid);
        expect({ caller: caller.sid, heard }).toEqual({
          caller: caller.sid,
          heard: expect.arrayContaining([expect.stringMatching(PLACE)]),
        });
        const places = heard.flatMap(text => {
          const match = PLACE.exec(text);
          if (!match) return [];
          return [match[2] ? 1 : Number(match[1])];
        });
        expect(places).toEqual([...places].sort((a, b) => b - a));
        expect(places[0]).toBeLessThanOrEqual(inLine.indexOf(caller) + 1);
      }

      // The burst is one incident: every call grouped under its parent.
      const parents = await knex('alerts').whereNotNull('child_count');
      expect(parents).toHaveLength(1);
      expect(Number(parents[0].child_count)).toBe(CALLERS);
      expect(
        await knex('alerts').whereNull('child_count').pluck('parent_alert_id'),
      ).toEqual(Array(CALLERS).fill(parents[0].id));

      // The line is empty and nobody is kept busy.
      expect(Number((await knex('line_entries').count({ n: '*' }))[0].n)).toBe(
        0,
      );
      expect(await knex('line_responders').whereNotNull('call_sid')).toEqual(
        [],
      );

      // First come, first served. Nobody is passed over: no caller was
      // given a responder (the engine's "responder-dialled", stored with
      // its claim) while someone ahead of them in line then had to wait for
      // a responder to come free. (With responders free for both, who of
      // them is given one first does not matter.)
      const served = inLine.filter(c => !gaveUp.includes(c.sid));
      const givenAt = await firstDialled(served);
      const start = queuedAt(inLine[0]);
      const at = (ms: number) => ((ms - start) / 1000).toFixed(2);
      const bridgedAt = (c: SimulatedCall) =>
        network.get(c.sid).bridges[0].since;
      const legOf = (c: SimulatedCall) =>
        network.get(network.get(c.sid).bridges[0].with);
      /** A caller's story on the clock (s from the first in line). */
      const story = (c: SimulatedCall) =>
        `#${inLine.indexOf(c) + 1} ${c.sid} (in line ${at(
          queuedAt(c),
        )}, given a responder ${at(givenAt.get(c.sid)!)}, leg to ${
          legOf(c).to
        } requested ${at(legOf(c).createdAt)}, bridged ${at(bridgedAt(c))})`;
      /** Each caller put `before` someone ahead of them in line. */
      const outOfTurn = (
        before: (c: SimulatedCall, ahead: SimulatedCall) => boolean,
      ) =>
        served.flatMap((caller, i) => {
          const passed = served.slice(0, i).find(a => before(caller, a));
          return passed ? [`${story(caller)} before ${story(passed)}`] : [];
        });
      const freedAt = legs.map(leg => leg.endedAt!);
      expect(
        outOfTurn((c, ahead) =>
          freedAt.some(
            freed =>
              givenAt.get(c.sid)! < freed && freed < givenAt.get(ahead.sid)!,
          ),
        ),
      ).toEqual([]);
      // And each caller is bridged after everyone ahead of them, but for
      // those whose responders' phones were ringing at the same time: which
      // of two phones answering together connects first is the network's.
      expect(
        outOfTurn(
          (c, ahead) =>
            bridgedAt(c) < bridgedAt(ahead) &&
            legOf(ahead).createdAt > bridgedAt(c),
        ),
      ).toEqual([]);
    });
  },
);
