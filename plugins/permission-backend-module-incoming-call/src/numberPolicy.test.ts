import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { incomingCallNumberManagePermission } from '@icr/plugin-incoming-call-common';
import {
  isTeamMember,
  type TeamResource,
} from '@icr/plugin-incoming-call-node';
import { incomingCallPolicyDecision } from './policy';

const info = { userEntityRef: '', ownershipEntityRefs: [] };
// Platform's members, with Carol of Engineering above it.
const platform: TeamResource = {
  ref: 'group:default/platform',
  memberRefs: ['user:default/ana', 'user:default/carol'],
};
const authorize = createConditionAuthorizer([isTeamMember]);

describe('incoming-call.number.manage in the default policy', () => {
  const mayManage = (userRef: string) =>
    authorize(
      incomingCallPolicyDecision(
        { permission: incomingCallNumberManagePermission },
        { credentials: mockCredentials.user(userRef), info },
      ) as ConditionalPolicyDecision,
      platform,
    );

  it("goes to the team's members and those of the groups above it", () => {
    expect(mayManage('user:default/ana')).toBe(true);
    expect(mayManage('user:default/carol')).toBe(true);
    expect(mayManage('user:default/bob')).toBe(false);
  });

  it('is denied to service principals', () => {
    expect(
      incomingCallPolicyDecision(
        { permission: incomingCallNumberManagePermission },
        { credentials: mockCredentials.service(), info },
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
  });
});
