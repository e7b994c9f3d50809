import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATIONS,
  type DialPlan,
  ROUTING_API_VERSION,
} from '@icr/plugin-incoming-call-common';
import { buildSnapshot } from '../catalog/buildSnapshot';
import type { ExtraRecipients } from './dialPlan';
import { planWithExtras } from './extraRecipients';

const user = (name: string, phone?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, annotations: phone ? { [ANNOTATIONS.phone]: phone } : {} },
  spec: { memberOf: [] },
});
const entities: Entity[] = [
  user('ana', '+14155550101'),
  user('bob', '+14155550102'),
  user('carol', '+14155550103'),
  user('nophone'),
  {
    apiVersion: ROUTING_API_VERSION,
    kind: 'Escalation',
    metadata: { name: 'leads', title: 'Leads' },
    spec: {
      owner: 'group:default/team1',
      rules: [
        { delayMinutes: 0, recipients: ['user:default/bob'] },
        { delayMinutes: 5, recipients: ['user:default/carol'] },
      ],
      repeat: { count: 1 },
    },
  },
];

const AT = new Date('2026-01-05T12:00:00Z');
const VIP = (...recipients: string[]): ExtraRecipients => ({
  ruleName: 'VIP callers',
  recipients,
});

const plan = (recipients: string[], extra?: ExtraRecipients, usersToTry = 10) =>
  planWithExtras(
    {
      snapshot: buildSnapshot(entities),
      overrides: [],
      at: AT,
      recipients,
      usersToTry,
      random: () => 0,
    },
    extra,
  );

const tiers = (p: DialPlan) =>
  p.tiers.map(t => ({
    pass: t.pass,
    delayMinutes: t.delayMinutes,
    users: t.users.map(u => `${u.userRef.slice(13)}: ${u.reason}`),
  }));

describe('planWithExtras', () => {
  it("is the plan's own without extra recipients", () => {
    expect(plan(['user:default/ana'])).toEqual(
      plan(['user:default/ana'], VIP()),
    );
  });

  it("rings a rule's extra recipients as a pass after the plan's own, saying which rule put them there", () => {
    expect(tiers(plan(['user:default/ana'], VIP('user:default/bob')))).toEqual([
      {
        pass: 0,
        delayMinutes: 0,
        users: ['ana: a recipient of the integration'],
      },
      {
        pass: 1,
        delayMinutes: 0,
        users: ["bob: an extra recipient of rule 'VIP callers'"],
      },
    ]);
  });

  it("comes after the plan's repeats, and keeps an extra escalation's delays and repeats", () => {
    expect(
      tiers(
        plan(
          ['escalation:default/leads'],
          VIP('escalation:default/leads', 'user:default/ana'),
        ),
      ).map(t => [t.pass, t.delayMinutes, t.users.map(u => u.split(':')[0])]),
    ).toEqual([
      [0, 0, ['bob']],
      [0, 5, ['carol']],
      [1, 0, ['bob']],
      [1, 5, ['carol']],
      // Only Ana is new: Bob and Carol are rung by the plan already.
      [2, 0, ['ana']],
    ]);
    const extraEscalation = plan(
      ['user:default/ana'],
      VIP('escalation:default/leads'),
    );
    expect(tiers(extraEscalation)).toEqual([
      {
        pass: 0,
        delayMinutes: 0,
        users: ['ana: a recipient of the integration'],
      },
      {
        pass: 1,
        delayMinutes: 0,
        users: [
          "bob: an extra recipient of rule 'VIP callers' › Leads, rule 1",
        ],
      },
      {
        pass: 1,
        delayMinutes: 5,
        users: [
          "carol: an extra recipient of rule 'VIP callers' › Leads, rule 2",
        ],
      },
      {
        pass: 2,
        delayMinutes: 0,
        users: [
          "bob: an extra recipient of rule 'VIP callers' › Leads, rule 1 (repeat 1)",
        ],
      },
      {
        pass: 2,
        delayMinutes: 5,
        users: [
          "carol: an extra recipient of rule 'VIP callers' › Leads, rule 2 (repeat 1)",
        ],
      },
    ]);
  });

  it('is the whole plan when the own recipients have nobody to ring', () => {
    const p = plan(['user:default/nophone'], VIP('user:default/bob'));
    expect(tiers(p)).toEqual([
      {
        pass: 0,
        delayMinutes: 0,
        users: ["bob: an extra recipient of rule 'VIP callers'"],
      },
    ]);
    expect(p.skipped).toEqual([
      {
        userRef: 'user:default/nophone',
        reason: 'has no phone number in the catalog',
      },
    ]);
  });

  it('caps the extra recipients by the same users to try, reports their skipped users once, and keeps a voicemail-only plan', () => {
    const capped = plan(
      ['user:default/ana', 'user:default/nophone'],
      VIP('user:default/nophone', 'user:default/bob', 'user:default/carol'),
      1,
    );
    expect(tiers(capped).map(t => t.users.map(u => u.split(':')[0]))).toEqual([
      ['ana'],
      ['bob'],
    ]);
    expect(capped.skipped.map(s => s.userRef)).toEqual([
      'user:default/nophone',
    ]);
    expect(plan(['user:default/ana'], VIP('user:default/bob'), 0)).toEqual({
      tiers: [],
      skipped: [],
      voicemailOnly: true,
    });
  });
});
