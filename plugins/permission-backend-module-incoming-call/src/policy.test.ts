import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type ConditionalPolicyDecision,
  createPermission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  incomingCallAlertReadPermission,
  incomingCallAlertUpdatePermission,
  incomingCallOrganisationUsageReadPermission,
  incomingCallRoutingUpdatePermission,
  incomingCallUsageReadPermission,
} from '@icr/plugin-incoming-call-common';
import {
  type AlertResource,
  isAlertParticipant,
  isTeamMember,
  type TeamResource,
} from '@icr/plugin-incoming-call-node';
import {
  IncomingCallPermissionPolicy,
  incomingCallPolicyDecision,
} from './policy';

const info = { userEntityRef: '', ownershipEntityRefs: [] };
const asUser = (ref: string) => ({
  credentials: mockCredentials.user(ref),
  info,
});
// Platform's members, with those of Engineering above it.
const teams: Record<string, TeamResource> = {
  'group:default/platform': {
    ref: 'group:default/platform',
    memberRefs: ['user:default/ana', 'user:default/carol'],
  },
  'group:default/engineering': {
    ref: 'group:default/engineering',
    memberRefs: ['user:default/carol'],
  },
};
const authorizeTeam = createConditionAuthorizer([isTeamMember]);

function mayChange(userRef: string, teamRef: string) {
  const decision = incomingCallPolicyDecision(
    { permission: incomingCallRoutingUpdatePermission },
    asUser(userRef),
  ) as ConditionalPolicyDecision;
  return authorizeTeam(decision, teams[teamRef]);
}

// An alert of Platform whose call rang Bob (who is not in Platform).
const alert: AlertResource = {
  id: 'a1',
  teamRef: 'group:default/platform',
  memberRefs: ['user:default/ana', 'user:default/carol'],
  responderRefs: ['user:default/bob'],
};
const authorizeAlert = createConditionAuthorizer([isAlertParticipant]);

describe('incoming-call permission policy', () => {
  it.each([incomingCallAlertReadPermission, incomingCallAlertUpdatePermission])(
    "grants $name on an alert to its team (and the groups above) and its call's responders only",
    permission => {
      const may = (userRef: string) =>
        authorizeAlert(
          incomingCallPolicyDecision(
            { permission },
            asUser(userRef),
          ) as ConditionalPolicyDecision,
          alert,
        );
      expect(may('user:default/ana')).toBe(true);
      expect(may('user:default/carol')).toBe(true);
      expect(may('user:default/bob')).toBe(true);
      expect(may('user:default/dave')).toBe(false);
      expect(
        incomingCallPolicyDecision(
          { permission },
          { credentials: mockCredentials.service(), info },
        ),
      ).toEqual({ result: AuthorizeResult.DENY });
    },
  );

  it('narrows a listing of alerts to the user', () => {
    const decision = incomingCallPolicyDecision(
      { permission: incomingCallAlertReadPermission },
      asUser('user:default/bob'),
    ) as ConditionalPolicyDecision;
    expect(decision.conditions).toEqual({
      rule: 'IS_ALERT_PARTICIPANT',
      resourceType: 'incoming-call-alert',
      params: { userRef: 'user:default/bob' },
    });
  });

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

  it("lets members of the team and of the groups above it read its usage, and every user the organisation's", () => {
    const mayRead = (userRef: string, teamRef: string) =>
      authorizeTeam(
        incomingCallPolicyDecision(
          { permission: incomingCallUsageReadPermission },
          asUser(userRef),
        ) as ConditionalPolicyDecision,
        teams[teamRef],
      );
    expect(mayRead('user:default/ana', 'group:default/platform')).toBe(true);
    expect(mayRead('user:default/carol', 'group:default/platform')).toBe(true);
    expect(mayRead('user:default/bob', 'group:default/platform')).toBe(false);
    expect(mayRead('user:default/ana', 'group:default/engineering')).toBe(
      false,
    );
    const organisation = {
      permission: incomingCallOrganisationUsageReadPermission,
    };
    expect(
      incomingCallPolicyDecision(organisation, asUser('user:default/dave')),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      incomingCallPolicyDecision(organisation, {
        credentials: mockCredentials.service(),
        info,
      }),
    ).toEqual({ result: AuthorizeResult.DENY });
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
