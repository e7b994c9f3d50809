import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATIONS,
  ROUTING_API_VERSION,
} from '@icr/plugin-incoming-call-common';

const group = (name: string, parent?: string, annotations = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, title: name[0].toUpperCase() + name.slice(1), annotations },
  spec: { type: 'team', children: [], ...(parent && { parent }) },
});

const user = (name: string, memberOf: string[], annotations = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, annotations },
  spec: { profile: { email: `${name}@example.com` }, memberOf },
});

/**
 * The seed's precedence example, built as written: schedule1 has two
 * rotations, [escalation1] and [team1], so both are on call at once.
 * escalation1 rings user1 at once and user2 after 5 minutes; team1's
 * routing target is user3. Nobody here is in another team.
 */
export const seedPrecedenceExample: Entity[] = [
  group('team1', undefined, {
    [ANNOTATIONS.routingTarget]: 'user:default/user3',
  }),
  user('user1', [], { [ANNOTATIONS.phone]: '+14155550201' }),
  user('user2', [], { [ANNOTATIONS.phone]: '+14155550202' }),
  user('user3', ['team1'], { [ANNOTATIONS.phone]: '+14155550203' }),
  {
    apiVersion: ROUTING_API_VERSION,
    kind: 'Schedule',
    metadata: { name: 'schedule1' },
    spec: {
      owner: 'group:default/team1',
      timeZone: 'UTC',
      layers: [
        {
          name: 'Rotation 1',
          start: '2026-01-05T00:00',
          rotation: 'weekly',
          participants: ['escalation:default/escalation1'],
        },
        {
          name: 'Rotation 2',
          start: '2026-01-05T00:00',
          rotation: 'weekly',
          participants: ['group:default/team1'],
        },
      ],
    },
  },
  {
    apiVersion: ROUTING_API_VERSION,
    kind: 'Escalation',
    metadata: { name: 'escalation1' },
    spec: {
      owner: 'group:default/team1',
      rules: [
        { delayMinutes: 0, recipients: ['user:default/user1'] },
        { delayMinutes: 5, recipients: ['user:default/user2'] },
      ],
    },
  },
];

/**
 * A small organisation: Ana and John (no phone) are in Platform, Bob in
 * Payments, Carol in Engineering above both, Dave and Erin (a German
 * number) in no team; and the seed's precedence example.
 */
export const exampleEntities: Entity[] = [
  group('engineering'),
  group('platform', 'engineering', {
    [ANNOTATIONS.routingTarget]: 'schedule:default/platform-primary',
  }),
  group('payments', 'engineering'),
  user('ana', ['platform'], { [ANNOTATIONS.phone]: '+14155550101' }),
  user('bob', ['payments'], {
    [ANNOTATIONS.phone]: '+14155550102',
    [ANNOTATIONS.contactMethods]: 'sms',
  }),
  user('carol', ['engineering'], { [ANNOTATIONS.phone]: '+14155550103' }),
  user('dave', []),
  // In no team, rung at a German number: an international leg.
  user('erin', [], { [ANNOTATIONS.phone]: '+4930555010501' }),
  // A name with `.` and `-`, which a browser identity cannot carry as is.
  user('john.doe-smith', ['platform']),
  {
    apiVersion: ROUTING_API_VERSION,
    kind: 'Schedule',
    metadata: { name: 'platform-primary' },
    spec: {
      owner: 'group:default/platform',
      timeZone: 'America/New_York',
      layers: [
        {
          name: 'Weekly',
          start: '2026-03-02T09:00',
          rotation: 'weekly',
          participants: ['user:default/ana', 'user:default/carol'],
        },
      ],
    },
  },
  {
    apiVersion: ROUTING_API_VERSION,
    kind: 'Escalation',
    metadata: { name: 'platform-escalation' },
    spec: {
      owner: 'group:default/platform',
      rules: [
        { delayMinutes: 0, recipients: ['schedule:default/platform-primary'] },
        { delayMinutes: 5, recipients: ['user:default/carol'] },
      ],
      repeat: { count: 2 },
    },
  },
  ...seedPrecedenceExample,
];
