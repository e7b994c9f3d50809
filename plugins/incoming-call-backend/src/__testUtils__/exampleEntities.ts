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
 * A small organisation: Ana and John (no phone) are in Platform, Bob in
 * Payments, Carol in Engineering above both, Dave in no team.
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
];
