import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATIONS,
  ROUTING_API_VERSION,
  type ScheduleLayer,
  type ScheduleLayering,
} from '@icr/plugin-incoming-call-common';
import fc from 'fast-check';
import { seedPrecedenceExample } from '../../__testUtils__/exampleEntities';
import { seededRandom } from '../../__testUtils__/seededRandom';
import { buildSnapshot } from '../catalog/buildSnapshot';
import { dialPlan, type DialPlanInput } from './dialPlan';
import { onCallAt } from './onCall';

const user = (
  name: string,
  phone?: string,
  memberOf: string[] = [],
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, annotations: phone ? { [ANNOTATIONS.phone]: phone } : {} },
  spec: { memberOf },
});
const team = (name: string, routingTarget?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name,
    annotations: routingTarget
      ? { [ANNOTATIONS.routingTarget]: routingTarget }
      : {},
  },
  spec: { type: 'team', children: [] },
});
const schedule = (
  name: string,
  participants: string[],
  start = '2026-01-05T00:00',
): Entity => ({
  apiVersion: ROUTING_API_VERSION,
  kind: 'Schedule',
  metadata: { name },
  spec: {
    owner: 'group:default/team1',
    timeZone: 'UTC',
    layers: [{ name: 'Main', start, rotation: 'daily', participants }],
  },
});
/** A schedule of several layers, each a daily rotation from 5 January. */
const layered = (
  name: string,
  layers: Array<Pick<ScheduleLayer, 'name' | 'participants' | 'restrictions'>>,
  layering?: ScheduleLayering,
): Entity => ({
  apiVersion: ROUTING_API_VERSION,
  kind: 'Schedule',
  metadata: { name },
  spec: {
    owner: 'group:default/team1',
    timeZone: 'UTC',
    ...(layering && { layering }),
    layers: layers.map(layer => ({
      start: '2026-01-05T00:00',
      rotation: 'daily',
      ...layer,
    })),
  },
});
const escalation = (
  name: string,
  rules: { delayMinutes: number; recipients: string[] }[],
  repeat?: number,
): Entity => ({
  apiVersion: ROUTING_API_VERSION,
  kind: 'Escalation',
  metadata: { name },
  spec: {
    owner: 'group:default/team1',
    rules,
    ...(repeat && { repeat: { count: repeat } }),
  },
});

const AT = new Date('2026-01-05T12:00:00Z');
const first = () => 0; // always picks the last remaining candidate in the shuffle

function plan(
  entities: Entity[],
  recipients: string[],
  extra: Partial<DialPlanInput> = {},
) {
  return dialPlan({
    snapshot: buildSnapshot(entities),
    overrides: [],
    at: AT,
    recipients,
    usersToTry: 10,
    random: first,
    ...extra,
  });
}

const refs = (p: ReturnType<typeof dialPlan>) =>
  p.tiers.map(t => [
    t.pass,
    t.delayMinutes,
    t.users.map(u => u.userRef.replace('user:default/', '')),
  ]);

describe("the seed's precedence example, built as written", () => {
  // schedule1's rotations are [escalation1] and [team1]: two on-call
  // parties. escalation1 rings user1 at once and user2 after 5 minutes;
  // team1's routing target is user3.
  const seedPlan = (random: () => number) =>
    plan(seedPrecedenceExample, ['schedule:default/schedule1'], { random });

  it('has escalation1 and team1 on call at once', () => {
    const schedule1 = buildSnapshot(seedPrecedenceExample).schedules.get(
      'schedule:default/schedule1',
    )!;
    expect(onCallAt(schedule1, [], AT)).toEqual([
      { participant: 'escalation:default/escalation1', source: 'Rotation 1' },
      { participant: 'group:default/team1', source: 'Rotation 2' },
    ]);
  });

  it("rings user1 and team1's routing target at once in random order, then user2 after 5 minutes", () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const result = seedPlan(seededRandom(seed));
      const [immediate, secondary, ...rest] = result.tiers;
      expect(immediate).toMatchObject({ pass: 0, delayMinutes: 0 });
      expect(new Set(immediate.users.map(u => u.userRef))).toEqual(
        new Set(['user:default/user1', 'user:default/user3']),
      );
      expect(refs({ ...result, tiers: [secondary] })).toEqual([
        [0, 5, ['user2']],
      ]);
      // Then voicemail: nothing after user2.
      expect(rest).toEqual([]);
      orders.add(immediate.users.map(u => u.userRef).join(' then '));
    }
    // Either may come first: the immediate party is tried a random user at a time.
    expect(orders).toEqual(
      new Set([
        'user:default/user1 then user:default/user3',
        'user:default/user3 then user:default/user1',
      ]),
    );
  });

  it('says which rotation and rule put each responder there', () => {
    const reasons = Object.fromEntries(
      seedPlan(() => 0)
        .tiers.flatMap(t => t.users)
        .map(u => [u.userRef.replace('user:default/', ''), u.reason]),
    );
    expect(reasons).toEqual({
      user1: 'on call for schedule1 (Rotation 1) › escalation1, rule 1',
      user2: 'on call for schedule1 (Rotation 1) › escalation1, rule 2',
      user3: 'on call for schedule1 (Rotation 2) › routing target of Team1',
    });
  });
});

describe('schedule layers', () => {
  const entities = [
    user('a', '+1415555001'),
    user('b', '+1415555002'),
    user('c', '+1415555003'),
  ];
  const override = (userRef: string, layer?: string) => ({
    scheduleRef: 'schedule:default/s',
    userRef,
    start: new Date('2026-01-05T11:00:00Z'),
    end: new Date('2026-01-05T13:00:00Z'),
    ...(layer && { layer }),
  });
  const firstAndSecond = [
    { name: 'First', participants: ['user:default/a'] },
    { name: 'Second', participants: ['user:default/b'] },
  ];
  const twoLayers = (layering?: ScheduleLayering) =>
    buildSnapshot([layered('s', firstAndSecond, layering)]).schedules.get(
      'schedule:default/s',
    )!;

  it('puts every layer with someone on duty on call at once, in layer order', () => {
    for (const layering of [undefined, 'cumulative' as const]) {
      expect(onCallAt(twoLayers(layering), [], AT)).toEqual([
        { participant: 'user:default/a', source: 'First' },
        { participant: 'user:default/b', source: 'Second' },
      ]);
    }
    expect(
      refs(
        plan(
          [...entities, layered('s', firstAndSecond)],
          ['schedule:default/s'],
        ),
      ),
    ).toEqual([[0, 0, ['b', 'a']]]);
  });

  it('leaves out a layer with nobody on duty', () => {
    const restricted = buildSnapshot([
      layered('s', [
        { name: 'Days', participants: ['user:default/a'] },
        {
          name: 'Nights',
          participants: ['user:default/b'],
          restrictions: [{ from: '20:00', to: '08:00' }],
        },
      ]),
    ]).schedules.get('schedule:default/s')!;
    expect(onCallAt(restricted, [], AT)).toEqual([
      { participant: 'user:default/a', source: 'Days' },
    ]);
    expect(onCallAt(restricted, [], new Date('2026-01-05T22:00:00Z'))).toEqual([
      { participant: 'user:default/a', source: 'Days' },
      { participant: 'user:default/b', source: 'Nights' },
    ]);
  });

  it('lets only the last layer on duty win with layering: override', () => {
    expect(onCallAt(twoLayers('override'), [], AT)).toEqual([
      { participant: 'user:default/b', source: 'Second' },
    ]);
  });

  it('lets an override for the whole schedule win over every layer', () => {
    for (const layering of ['cumulative' as const, 'override' as const]) {
      expect(
        onCallAt(twoLayers(layering), [override('user:default/c')], AT),
      ).toEqual([{ participant: 'user:default/c', source: 'override' }]);
    }
  });

  it('lets an override for one layer win over that layer only', () => {
    const overrides = [override('user:default/c', 'First')];
    expect(onCallAt(twoLayers(), overrides, AT)).toEqual([
      { participant: 'user:default/c', source: 'override for First' },
      { participant: 'user:default/b', source: 'Second' },
    ]);
    // With layering: override the last layer still wins over the first.
    expect(onCallAt(twoLayers('override'), overrides, AT)).toEqual([
      { participant: 'user:default/b', source: 'Second' },
    ]);
    expect(
      onCallAt(
        twoLayers('override'),
        [override('user:default/c', 'Second')],
        AT,
      ),
    ).toEqual([
      { participant: 'user:default/c', source: 'override for Second' },
    ]);
    // Outside its window, the layer is back.
    expect(
      onCallAt(twoLayers(), overrides, new Date('2026-01-05T13:00:00Z')),
    ).toEqual([
      { participant: 'user:default/a', source: 'First' },
      { participant: 'user:default/b', source: 'Second' },
    ]);
  });

  it('lets the newest override win where several cover the same instant', () => {
    // The store lists overrides newest first.
    expect(
      onCallAt(
        twoLayers(),
        [override('user:default/c'), override('user:default/a')],
        AT,
      ),
    ).toEqual([{ participant: 'user:default/c', source: 'override' }]);
  });
});

describe('dialPlan', () => {
  it('takes recipients in the order added, immediate party first, secondary by delay', () => {
    const result = plan(
      [
        user('a', '+1415555001'),
        user('b', '+1415555002'),
        user('c', '+1415555003'),
        user('d', '+1415555004'),
        escalation('esc', [
          { delayMinutes: 10, recipients: ['user:default/c'] },
          { delayMinutes: 0, recipients: ['user:default/a', 'user:default/b'] },
          { delayMinutes: 5, recipients: ['user:default/d'] },
        ]),
      ],
      ['user:default/d', 'escalation:default/esc'],
    );
    // d is already dialled in this pass, so the +5 rule adds nobody new.
    expect(refs(result)).toEqual([
      [0, 0, ['d']],
      [0, 0, ['b', 'a']],
      [0, 10, ['c']],
    ]);
  });

  it('repeats an escalation after everything else, up to its count', () => {
    const result = plan(
      [
        user('a', '+1415555001'),
        user('z', '+1415555009'),
        escalation(
          'esc',
          [{ delayMinutes: 0, recipients: ['user:default/a'] }],
          2,
        ),
      ],
      ['escalation:default/esc', 'user:default/z'],
    );
    expect(refs(result)).toEqual([
      [0, 0, ['a']],
      [0, 0, ['z']],
      [1, 0, ['a']],
      [2, 0, ['a']],
    ]);
    expect(result.tiers[3].users[0].reason).toBe('esc, rule 1 (repeat 2)');
    expect(result.tiers[1].users[0].reason).toBe(
      'a recipient of the integration',
    );
  });

  it('caps the plan at users to try, and 0 means voicemail only', () => {
    const entities = [
      user('a', '+1415555001'),
      user('b', '+1415555002'),
      user('c', '+1415555003'),
    ];
    const all = ['user:default/a', 'user:default/b', 'user:default/c'];
    expect(refs(plan(entities, all, { usersToTry: 2 }))).toEqual([
      [0, 0, ['a']],
      [0, 0, ['b']],
    ]);
    expect(plan(entities, all, { usersToTry: 0 })).toEqual({
      tiers: [],
      skipped: [],
      voicemailOnly: true,
    });
  });

  it('skips users without a phone number, and unknown users, saying why', () => {
    const result = plan(
      [user('a', '+1415555001'), user('nophone')],
      ['user:default/nophone', 'user:default/ghost', 'user:default/a'],
    );
    expect(refs(result)).toEqual([[0, 0, ['a']]]);
    expect(result.skipped).toEqual([
      {
        userRef: 'user:default/nophone',
        reason: 'has no phone number in the catalog',
      },
      { userRef: 'user:default/ghost', reason: 'is not in the catalog' },
    ]);
  });

  it('rings a team without a routing target through its members', () => {
    const result = plan(
      [
        user('a', '+1415555001', ['ops']),
        user('b', '+1415555002', ['ops']),
        team('ops'),
      ],
      ['group:default/ops'],
      { random: () => 0.99 },
    );
    expect(refs(result)).toEqual([[0, 0, ['a', 'b']]]);
    expect(result.tiers[0].users[0].reason).toBe('a member of ops');
  });

  it('survives cycles between teams, schedules and escalations', () => {
    const result = plan(
      [
        user('a', '+1415555001'),
        team('t', 'escalation:default/e'),
        escalation('e', [
          {
            delayMinutes: 0,
            recipients: ['group:default/t', 'user:default/a'],
          },
        ]),
      ],
      ['group:default/t'],
    );
    expect(refs(result)).toEqual([[0, 0, ['a']]]);
  });

  it('applies an override in place of the schedule layers', () => {
    const entities = [
      user('a', '+1415555001'),
      user('b', '+1415555002'),
      schedule('s', ['user:default/a']),
    ];
    const overrides = [
      {
        scheduleRef: 'schedule:default/s',
        userRef: 'user:default/b',
        start: new Date('2026-01-05T11:00:00Z'),
        end: new Date('2026-01-05T13:00:00Z'),
      },
    ];
    const result = plan(entities, ['schedule:default/s'], { overrides });
    expect(refs(result)).toEqual([[0, 0, ['b']]]);
    expect(result.tiers[0].users[0].reason).toBe('on call for s (override)');
    expect(
      refs(
        plan(entities, ['schedule:default/s'], {
          overrides,
          at: new Date('2026-01-05T13:00:00Z'),
        }),
      ),
    ).toEqual([[0, 0, ['a']]]);
  });
});

describe('dialPlan invariants', () => {
  const names = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7'];
  const userRef = fc.constantFrom(...names.map(n => `user:default/${n}`));
  const anyRef = fc.oneof(
    userRef,
    fc.constantFrom(
      'schedule:default/s0',
      'schedule:default/s1',
      'escalation:default/e0',
      'escalation:default/e1',
      'group:default/t0',
      'group:default/t1',
    ),
  );
  const participant = fc.oneof(
    userRef,
    fc.constantFrom(
      'escalation:default/e0',
      'escalation:default/e1',
      'group:default/t0',
      'group:default/t1',
    ),
  );
  const world = fc.record({
    phones: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    s0: fc.array(participant, { minLength: 1, maxLength: 4 }),
    s1: fc.array(participant, { minLength: 1, maxLength: 4 }),
    e0: fc.array(
      fc.record({
        delayMinutes: fc.integer({ min: 0, max: 30 }),
        recipients: fc.array(anyRef, { minLength: 1, maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    e1: fc.array(
      fc.record({
        delayMinutes: fc.integer({ min: 0, max: 30 }),
        recipients: fc.array(anyRef, { minLength: 1, maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    repeat: fc.integer({ min: 0, max: 3 }),
    t0Target: fc.option(anyRef, { nil: undefined }),
    recipients: fc.uniqueArray(anyRef, { minLength: 1, maxLength: 5 }),
    usersToTry: fc.integer({ min: 0, max: 20 }),
    hour: fc.integer({ min: 0, max: 24 * 14 }),
    seed: fc.integer(),
  });

  type World = typeof world extends fc.Arbitrary<infer W> ? W : never;

  /** The catalog a generated world describes; `withPhones` gives everyone a phone. */
  const worldEntities = (w: World, withPhones = false): Entity[] => [
    ...names.map((n, i) =>
      user(
        n,
        withPhones || w.phones[i] ? `+1415555000${i}` : undefined,
        i % 2 ? ['t1'] : ['t0'],
      ),
    ),
    team('t0', w.t0Target),
    team('t1'),
    schedule('s0', w.s0),
    schedule('s1', w.s1),
    escalation('e0', w.e0, w.repeat || undefined),
    escalation('e1', w.e1),
  ];
  const instant = (w: World) =>
    new Date(Date.parse('2026-01-05T00:00:00Z') + w.hour * 3_600_000);

  it('never dials anyone twice in a pass, respects the cap, and orders tiers', () => {
    fc.assert(
      fc.property(world, w => {
        const entities = worldEntities(w);
        const at = instant(w);
        const result = dialPlan({
          snapshot: buildSnapshot(entities),
          overrides: [],
          at,
          recipients: w.recipients,
          usersToTry: w.usersToTry,
          random: seededRandom(w.seed),
        });

        const planned = result.tiers.flatMap(t => t.users);
        expect(planned.length).toBeLessThanOrEqual(w.usersToTry);
        expect(result.voicemailOnly).toBe(w.usersToTry === 0);
        for (const pass of new Set(result.tiers.map(t => t.pass))) {
          const inPass = result.tiers
            .filter(t => t.pass === pass)
            .flatMap(t => t.users.map(u => u.userRef));
          expect(new Set(inPass).size).toBe(inPass.length);
        }
        // Passes never go backwards, and every planned user has a phone.
        const passes = result.tiers.map(t => t.pass);
        expect(passes).toEqual([...passes].sort((a, b) => a - b));
        expect(result.tiers.every(t => t.users.length > 0)).toBe(true);
        expect(planned.every(u => u.phone?.startsWith('+'))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('rings a recipient immediate party before its secondary tiers, in order of delay', () => {
    fc.assert(
      fc.property(world, anyRef, (w, recipient) => {
        const result = dialPlan({
          snapshot: buildSnapshot(worldEntities(w, true)),
          overrides: [],
          at: instant(w),
          recipients: [recipient],
          usersToTry: 50,
          random: seededRandom(w.seed),
        });
        // Within each pass, delays never go down: the immediate party first.
        const order = result.tiers.map(t => [t.pass, t.delayMinutes]);
        const sorted = [...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(order).toEqual(sorted);
      }),
      { numRuns: 300 },
    );
  });

  const onlyUsers = (participants: string[]) => {
    const only = participants.filter(r => r.startsWith('user:'));
    return only.length ? only : ['user:default/u0'];
  };

  it('plans exactly the users who are a recipient or on call for one at that instant', () => {
    fc.assert(
      fc.property(world, w => {
        const entities: Entity[] = [
          ...names.map((n, i) => user(n, `+1415555000${i}`)),
          schedule('s0', onlyUsers(w.s0)),
        ];
        const snapshot = buildSnapshot(entities);
        const at = instant(w);
        const recipients = w.recipients.filter(
          r => r.startsWith('user:') || r === 'schedule:default/s0',
        );
        const result = dialPlan({
          snapshot,
          overrides: [],
          at,
          recipients,
          usersToTry: 20,
          random: () => 0.5,
        });
        // With users only on the schedule, the plan is exactly the direct
        // users plus whoever the schedule has on call.
        const s0 = snapshot.schedules.get('schedule:default/s0')!;
        const expected = new Set(recipients.filter(r => r.startsWith('user:')));
        if (recipients.includes(s0.ref)) {
          for (const party of onCallAt(s0, [], at)) {
            expected.add(party.participant);
          }
        }
        const planned = result.tiers.flatMap(t => t.users);
        expect(new Set(planned.map(u => u.userRef))).toEqual(expected);
        expect(planned.every(u => u.reason.length > 0)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
