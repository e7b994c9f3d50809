import {
  createPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/** The resource type of a team's routing, identified by the Group entity ref. @public */
export const INCOMING_CALL_TEAM_RESOURCE_TYPE = 'incoming-call-team';

/**
 * Change a team's routing (integration config). The default policy grants it
 * to the team's members and to members of the groups above it.
 *
 * @public
 */
export const incomingCallRoutingUpdatePermission: ResourcePermission<
  typeof INCOMING_CALL_TEAM_RESOURCE_TYPE
> = createPermission({
  name: 'incoming-call.routing.update',
  attributes: { action: 'update' },
  resourceType: INCOMING_CALL_TEAM_RESOURCE_TYPE,
});

/**
 * Read a team's routing and call alerts.
 *
 * @public
 */
export const incomingCallReadPermission = createPermission({
  name: 'incoming-call.read',
  attributes: { action: 'read' },
});

/** @public */
export const incomingCallPermissions = [
  incomingCallRoutingUpdatePermission,
  incomingCallReadPermission,
];
