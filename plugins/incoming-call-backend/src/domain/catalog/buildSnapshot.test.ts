import { ANNOTATIONS } from '@icr/plugin-incoming-call-common';
import { exampleEntities } from '../../__testUtils__/exampleEntities';
import { buildSnapshot } from './buildSnapshot';

describe('buildSnapshot', () => {
  it('reads users, teams, schedules and escalations into the routing model', () => {
    const snapshot = buildSnapshot(exampleEntities);

    expect(snapshot.users.get('user:default/bob')).toEqual({
      ref: 'user:default/bob',
      displayName: 'bob',
      phone: '+14155550102',
      email: 'bob@example.com',
      contactMethods: ['sms'],
      memberOf: ['group:default/payments'],
    });
    expect(snapshot.users.get('user:default/dave')).toMatchObject({
      phone: undefined,
      contactMethods: ['backstage', 'email'],
    });
    expect(snapshot.teams.get('group:default/platform')).toEqual({
      ref: 'group:default/platform',
      displayName: 'Platform',
      parent: 'group:default/engineering',
      members: ['user:default/ana', 'user:default/john.doe-smith'],
      routingTarget: 'schedule:default/platform-primary',
    });
    expect(
      snapshot.schedules.get('schedule:default/platform-primary')?.layers[0],
    ).toMatchObject({
      rotation: 'weekly',
      participants: ['user:default/ana', 'user:default/carol'],
    });
    expect(
      snapshot.escalations.get('escalation:default/platform-escalation'),
    ).toMatchObject({
      owner: 'group:default/platform',
      repeat: { count: 2 },
    });
  });

  it("keeps a schedule's layering, and its layers all on call by default", () => {
    const snapshot = buildSnapshot(
      exampleEntities.map(entity =>
        entity.metadata.name === 'platform-primary'
          ? { ...entity, spec: { ...entity.spec, layering: 'override' } }
          : entity,
      ),
    );
    expect(
      snapshot.schedules.get('schedule:default/platform-primary')?.layering,
    ).toBe('override');
    expect(
      snapshot.schedules.get('schedule:default/schedule1'),
    ).not.toHaveProperty('layering');
  });

  it('prefers memberOf relations the catalog computed over the spec', () => {
    const snapshot = buildSnapshot([
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'erin' },
        spec: { memberOf: ['platform'] },
        relations: [{ type: 'memberOf', targetRef: 'group:default/payments' }],
      },
    ]);
    expect(snapshot.users.get('user:default/erin')?.memberOf).toEqual([
      'group:default/payments',
    ]);
  });

  it('leaves out malformed data and reports each problem', () => {
    const problems: string[] = [];
    const snapshot = buildSnapshot(
      [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: {
            name: 'frank',
            annotations: { [ANNOTATIONS.phone]: '555-0100' },
          },
          spec: { memberOf: [] },
        },
        {
          apiVersion: 'incoming-call.backstage.io/v1alpha1',
          kind: 'Schedule',
          metadata: { name: 'broken' },
          spec: {
            owner: 'group:default/platform',
            timeZone: 'Mars/Olympus',
            layers: [],
          },
        },
      ],
      (ref, problem) => problems.push(`${ref} ${problem}`),
    );

    expect(snapshot.users.get('user:default/frank')?.phone).toBeUndefined();
    expect(snapshot.schedules.size).toBe(0);
    expect(problems).toEqual([
      expect.stringMatching(
        /^user:default\/frank incoming-call.backstage.io\/phone: Enter the number in E.164 form/,
      ),
      expect.stringMatching(
        /^schedule:default\/broken spec: timeZone: Use an IANA time zone name.*layers: A schedule needs at least one layer/,
      ),
    ]);
  });
});
