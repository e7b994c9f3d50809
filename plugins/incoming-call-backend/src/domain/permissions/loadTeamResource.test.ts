import { buildSnapshot } from '../catalog/buildSnapshot';
import { exampleEntities } from '../../__testUtils__/exampleEntities';
import { loadTeamResource } from './loadTeamResource';

describe('loadTeamResource', () => {
  it('counts the members of the team and of the groups above it', () => {
    const team = loadTeamResource(
      buildSnapshot(exampleEntities),
      'group:default/platform',
    );
    expect(team?.memberRefs).toEqual(
      expect.arrayContaining(['user:default/ana', 'user:default/carol']),
    );
    expect(team?.memberRefs).not.toContain('user:default/bob');
  });

  it('survives a cycle of parents in catalog data', () => {
    const cyclic = buildSnapshot([
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'a' },
        spec: { type: 'team', parent: 'b', children: [] },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'b' },
        spec: { type: 'team', parent: 'a', children: [] },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'u' },
        spec: { memberOf: ['b'] },
      },
    ]);
    expect(loadTeamResource(cyclic, 'group:default/a')).toEqual({
      ref: 'group:default/a',
      memberRefs: ['user:default/u'],
    });
  });
});
