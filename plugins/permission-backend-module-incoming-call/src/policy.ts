import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  incomingCallAlertReadPermission,
  incomingCallAlertUpdatePermission,
  incomingCallNumberManagePermission,
  incomingCallOrganisationUsageReadPermission,
  incomingCallRoutingUpdatePermission,
  incomingCallUsageReadPermission,
} from '@icr/plugin-incoming-call-common';
import {
  alertPermissionConditions,
  createAlertConditionalDecision,
  createTeamConditionalDecision,
  teamPermissionConditions,
} from '@icr/plugin-incoming-call-node';

/**
 * The plugin's decision for a request, or undefined when the request is not
 * about incoming-call routing or alerts. Compose it into your own policy:
 * changing a team's routing, managing its phone numbers (buying,
 * attaching, releasing: `incoming-call.number.manage`) and reading its
 * usage and call analytics are allowed to the members of that team and of
 * the groups above it; the organisation's usage and analytics to every
 * signed-in user; reading and acting on an alert to the members of its
 * team and of the groups above it and to the responders its call rings;
 * anyone else is denied.
 *
 * @public
 */
export function incomingCallPolicyDecision(
  request: PolicyQuery,
  user?: PolicyQueryUser,
): PolicyDecision | undefined {
  const { permission } = request;
  const isAlert =
    isPermission(permission, incomingCallAlertReadPermission) ||
    isPermission(permission, incomingCallAlertUpdatePermission);
  const isOrganisationUsage = isPermission(
    permission,
    incomingCallOrganisationUsageReadPermission,
  );
  if (
    !isAlert &&
    !isOrganisationUsage &&
    !isPermission(permission, incomingCallRoutingUpdatePermission) &&
    !isPermission(permission, incomingCallNumberManagePermission) &&
    !isPermission(permission, incomingCallUsageReadPermission)
  ) {
    return undefined;
  }
  const principal = user?.credentials.principal as
    | { type: string; userEntityRef?: string }
    | undefined;
  if (principal?.type !== 'user' || !principal.userEntityRef) {
    return { result: AuthorizeResult.DENY };
  }
  // The organisation's usage and analytics hold no callers' numbers: every
  // signed-in user may read them.
  if (isOrganisationUsage) return { result: AuthorizeResult.ALLOW };
  if (isAlert) {
    return createAlertConditionalDecision(
      permission,
      alertPermissionConditions.isAlertParticipant({
        userRef: principal.userEntityRef,
      }),
    );
  }
  return createTeamConditionalDecision(
    permission,
    teamPermissionConditions.isTeamMember({
      userRef: principal.userEntityRef,
    }),
  );
}

/**
 * A whole policy: incoming-call routing as above, everything else allowed.
 * Suits a demo or a Backstage without a policy of its own.
 *
 * @public
 */
export class IncomingCallPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    return (
      incomingCallPolicyDecision(request, user) ?? {
        result: AuthorizeResult.ALLOW,
      }
    );
  }
}

/**
 * Installs {@link IncomingCallPermissionPolicy} as the permission backend's
 * policy.
 *
 * @public
 */
export const incomingCallPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'incoming-call-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new IncomingCallPermissionPolicy());
      },
    });
  },
});
