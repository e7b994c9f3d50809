import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type Permission,
} from '@backstage/plugin-permission-common';
import { IncomingCallPermissionPolicy } from '@icr/plugin-permission-backend-module-incoming-call';

/**
 * Decides with the plugin's real default policy. The HTTP hop to the
 * permission backend is left out: its mock auth drops the actor of
 * on-behalf-of tokens, which the permission backend then refuses; the demo
 * backend and the browser test exercise that hop for real.
 */
export function permissionsFromDefaultPolicy() {
  const policy = new IncomingCallPermissionPolicy();
  const decide = (
    requests: { permission: Permission }[],
    options?: { credentials: BackstageCredentials },
  ) =>
    Promise.all(
      requests.map(({ permission }) =>
        policy.handle(
          { permission },
          {
            credentials: options!.credentials,
            info: { userEntityRef: '', ownershipEntityRefs: [] },
          },
        ),
      ),
    );
  return mockServices.permissions.mock({
    authorize: jest.fn(async (requests, options) =>
      (await decide(requests, options)).map(d =>
        // A conditional answer to a plain authorize call means "not allowed".
        d.result === AuthorizeResult.CONDITIONAL
          ? { result: AuthorizeResult.DENY }
          : d,
      ),
    ) as any,
    authorizeConditional: jest.fn(decide) as any,
  }).factory;
}
