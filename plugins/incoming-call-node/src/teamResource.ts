import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import { INCOMING_CALL_TEAM_RESOURCE_TYPE } from '@icr/plugin-incoming-call-common';

/**
 * A team as the permission framework sees it: who may act on its routing.
 * Members of the team and of every group above it.
 *
 * @public
 */
export interface TeamResource {
  ref: string;
  memberRefs: string[];
}

/**
 * Teams are never listed through a permission-filtered query.
 *
 * @public
 */
export type TeamQuery = never;

/** @public */
export const teamResourceRef = createPermissionResourceRef<
  TeamResource,
  TeamQuery
>().with({
  pluginId: 'incoming-call',
  resourceType: INCOMING_CALL_TEAM_RESOURCE_TYPE,
});
