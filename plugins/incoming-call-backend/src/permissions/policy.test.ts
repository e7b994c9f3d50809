import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type ConditionalPolicyDecision,
  createPermission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { incomingCallRoutingUpdatePermission } from '@icr/plugin-incoming-call-common';
import { buildSnapshot } from '../catalog/buildSnapshot';
import { exampleEntities } from '../__testUtils__/exampleEntities';
import {
  IncomingCallPermissionPolicy,
  incomingCallPolicyDecision,
} from './policy';
import { isTeamMember } from './rules';
import { loadTeamResource } from './teamResource';

const info = { userEntityRef: '', ownershipEntityRefs: [] };
const asUser = (ref: string) => ({
  credentials: mockCredentials.user(ref),
  info,
});
const snapshot = buildSnapshot(exampleEntities);
const authorizeTeam = createConditionAuthorizer([isTeamMember]);

function mayChange(userRef: string, teamRef: string) {
  const decision = incomingCallPolicyDecision(
    { permission: incomingCallRoutingUpdatePermission },
    asUser(userRef),
  ) as ConditionalPolicyDecision;
  return authorizeTeam(decision, loadTeamResource(snapshot, teamRef));
}

describe('incoming-call permission policy', () => {
  it('lets members of the team and of the groups above it change its routing', () => {
    expect(mayChange('user:default/ana', 'group:default/platform')).toBe(true);
    expect(mayChange('user:default/carol', 'group:default/platform')).toBe(
      true,
    );
    expect(mayChange('user:default/carol', 'group:default/engineering')).toBe(
      true,
    );
  });

  it('refuses everybody else, and any team not in the catalog', () => {
    expect(mayChange('user:default/bob', 'group:default/platform')).toBe(false);
    expect(mayChange('user:default/ana', 'group:default/engineering')).toBe(
      false,
    );
    expect(mayChange('user:default/dave', 'group:default/platform')).toBe(
      false,
    );
    expect(mayChange('user:default/ana', 'group:default/unknown')).toBe(false);
  });

  it('denies callers that are not users', () => {
    expect(
      incomingCallPolicyDecision(
        { permission: incomingCallRoutingUpdatePermission },
        { credentials: mockCredentials.service(), info },
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('leaves other permissions to the rest of the policy, which allows them', async () => {
    const other = createPermission({
      name: 'catalog.entity.read',
      attributes: {},
    });
    expect(
      incomingCallPolicyDecision(
        { permission: other },
        asUser('user:default/bob'),
      ),
    ).toBeUndefined();
    await expect(
      new IncomingCallPermissionPolicy().handle(
        { permission: other },
        asUser('user:default/bob'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });
});

describe('loadTeamResource', () => {
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
