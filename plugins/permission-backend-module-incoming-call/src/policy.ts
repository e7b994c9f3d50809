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
import { incomingCallRoutingUpdatePermission } from '@icr/plugin-incoming-call-common';
import {
  createTeamConditionalDecision,
  teamPermissionConditions,
} from '@icr/plugin-incoming-call-node';

/**
 * The plugin's decision for a request, or undefined when the request is not
 * about incoming-call routing. Compose it into your own policy: changing a
 * team's routing is allowed to the members of that team and of the groups
 * above it, and denied to anyone else.
 *
 * @public
 */
export function incomingCallPolicyDecision(
  request: PolicyQuery,
  user?: PolicyQueryUser,
): PolicyDecision | undefined {
  if (!isPermission(request.permission, incomingCallRoutingUpdatePermission)) {
    return undefined;
  }
  const principal = user?.credentials.principal as
    | { type: string; userEntityRef?: string }
    | undefined;
  if (principal?.type !== 'user' || !principal.userEntityRef) {
    return { result: AuthorizeResult.DENY };
  }
  return createTeamConditionalDecision(
    request.permission,
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
