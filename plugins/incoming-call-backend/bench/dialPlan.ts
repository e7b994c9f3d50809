/*
 * Benchmark of the on-call model at the scale DESIGN.md plans for: builds a
 * routing snapshot from 10,000 users, 2,000 groups, 2,000 schedules and
 * 1,000 escalations, then resolves 10,000 dial plans for random integrations
 * at random instants. Prints the figures against the targets.
 *
 *   yarn bench:dial-plan
 */
import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATIONS,
  ROUTING_API_VERSION,
} from '@icr/plugin-incoming-call-common';
import { seededRandom } from '../src/__testUtils__/seededRandom';
import { buildSnapshot } from '../src/domain/catalog/buildSnapshot';
import { dialPlan } from '../src/domain/roster/dialPlan';

const USERS = 10_000;
const GROUPS = 2_000;
const SCHEDULES = 2_000;
const ESCALATIONS = 1_000;
const PLANS = 10_000;

const random = seededRandom(42);
const pick = <T>(items: readonly T[]) =>
  items[Math.floor(random() * items.length)];
const some = <T>(items: readonly T[], min: number, max: number) =>
  Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () =>
    pick(items),
  );

const userRefs = Array.from({ length: USERS }, (_, i) => `user:default/u${i}`);
const groupRefs = Array.from(
  { length: GROUPS },
  (_, i) => `group:default/g${i}`,
);
const scheduleRefs = Array.from(
  { length: SCHEDULES },
  (_, i) => `schedule:default/s${i}`,
);
const escalationRefs = Array.from(
  { length: ESCALATIONS },
  (_, i) => `escalation:default/e${i}`,
);
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Tokyo',
  'Australia/Sydney',
];

function generateCatalog(): Entity[] {
  const entities: Entity[] = [];
  groupRefs.forEach((_, i) =>
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: `g${i}`,
        annotations:
          i % 2 === 0
            ? {
                [ANNOTATIONS.routingTarget]: pick([
                  ...scheduleRefs,
                  ...escalationRefs,
                ]),
              }
            : {},
      },
      spec: {
        type: 'team',
        children: [],
        ...(i > 0 && { parent: `g${Math.floor(i / 10)}` }),
      },
    }),
  );
  userRefs.forEach((_, i) =>
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: {
        name: `u${i}`,
        annotations:
          i % 50 === 0
            ? {}
            : { [ANNOTATIONS.phone]: `+1415${String(i).padStart(7, '0')}` },
      },
      spec: { memberOf: [`g${i % GROUPS}`] },
    }),
  );
  scheduleRefs.forEach((_, i) =>
    entities.push({
      apiVersion: ROUTING_API_VERSION,
      kind: 'Schedule',
      metadata: { name: `s${i}` },
      spec: {
        owner: pick(groupRefs),
        timeZone: pick(ZONES),
        layers: Array.from({ length: 1 + (i % 3) }, (__, layer) => ({
          name: `Layer ${layer + 1}`,
          start: '2026-01-05T09:00',
          rotation: pick([
            'hourly',
            'daily',
            'weekly',
            { every: 12, unit: 'hours' },
          ]),
          participants: [
            ...some(userRefs, 2, 6),
            ...(random() < 0.2 ? [pick(escalationRefs)] : []),
            ...(random() < 0.1 ? [pick(groupRefs)] : []),
          ],
          ...(layer > 0 && {
            restrictions: [
              {
                days: ['mon', 'tue', 'wed', 'thu', 'fri'],
                from: '09:00',
                to: '17:00',
              },
            ],
          }),
        })),
      },
    }),
  );
  escalationRefs.forEach((_, i) =>
    entities.push({
      apiVersion: ROUTING_API_VERSION,
      kind: 'Escalation',
      metadata: { name: `e${i}` },
      spec: {
        owner: pick(groupRefs),
        rules: [
          { delayMinutes: 0, recipients: [pick(scheduleRefs)] },
          { delayMinutes: 5, recipients: some(userRefs, 1, 2) },
          { delayMinutes: 15, recipients: [pick(groupRefs)] },
        ],
        ...(i % 4 === 0 && { repeat: { count: 2 } }),
      },
    }),
  );
  return entities;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const verdict = (ok: boolean) => (ok ? 'OK' : 'MISSED');

function main() {
  const entities = generateCatalog();
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const buildStart = process.hrtime.bigint();
  const snapshot = buildSnapshot(entities);
  const buildMs = Number(process.hrtime.bigint() - buildStart) / 1e6;
  global.gc?.();
  const snapshotMb =
    (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;

  const recipientPool = [
    ...scheduleRefs,
    ...escalationRefs,
    ...groupRefs,
    ...userRefs,
  ];
  const queries = Array.from({ length: PLANS }, () => ({
    recipients: [...new Set(some(recipientPool, 1, 5))],
    usersToTry: 1 + Math.floor(random() * 10),
    at: new Date(
      Date.parse('2026-01-05T00:00:00Z') + random() * 365 * 24 * 3600 * 1000,
    ),
  }));

  // Warm up the JIT on a few plans before measuring.
  for (const q of queries.slice(0, 200)) {
    dialPlan({ snapshot, overrides: [], ...q, random });
  }
  const timings: number[] = [];
  let planned = 0;
  for (const q of queries) {
    const start = process.hrtime.bigint();
    const plan = dialPlan({ snapshot, overrides: [], ...q, random });
    timings.push(Number(process.hrtime.bigint() - start) / 1e6);
    planned += plan.tiers.reduce((n, t) => n + t.users.length, 0);
  }
  timings.sort((a, b) => a - b);
  const p50 = percentile(timings, 50);
  const p99 = percentile(timings, 99);

  console.log(
    `Catalog: ${USERS} users, ${GROUPS} groups, ${SCHEDULES} schedules, ${ESCALATIONS} escalations (${entities.length} entities)`,
  );
  console.log(
    `Snapshot build:    ${buildMs.toFixed(0)} ms   (target < 2000 ms) ${verdict(
      buildMs < 2000,
    )}`,
  );
  console.log(
    `Snapshot memory:   ${snapshotMb.toFixed(1)} MiB heap${
      global.gc ? '' : ' (run with --expose-gc for a settled figure)'
    }`,
  );
  console.log(
    `Dial plans:        ${PLANS}, ${(planned / PLANS).toFixed(
      1,
    )} users each on average`,
  );
  console.log(`Dial plan p50:     ${p50.toFixed(3)} ms`);
  console.log(
    `Dial plan p99:     ${p99.toFixed(3)} ms   (target < 1 ms) ${verdict(
      p99 < 1,
    )}`,
  );
  console.log(
    `Dial plan max:     ${timings[timings.length - 1].toFixed(3)} ms`,
  );
  if (buildMs >= 2000 || p99 >= 1) process.exitCode = 1;
}

main();
