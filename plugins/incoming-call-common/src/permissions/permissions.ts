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
 * Buy, attach and release a team's phone numbers, and list the numbers the
 * Twilio account has: these cost money. The default policy grants it to
 * the team's members and to members of the groups above it, like
 * {@link incomingCallRoutingUpdatePermission}.
 *
 * @public
 */
export const incomingCallNumberManagePermission: ResourcePermission<
  typeof INCOMING_CALL_TEAM_RESOURCE_TYPE
> = createPermission({
  name: 'incoming-call.number.manage',
  attributes: { action: 'update' },
  resourceType: INCOMING_CALL_TEAM_RESOURCE_TYPE,
});

/** The resource type of an alert, identified by the alert id. @public */
export const INCOMING_CALL_ALERT_RESOURCE_TYPE = 'incoming-call-alert';

/**
 * Read an alert and its timeline (callers' phone numbers). The default
 * policy grants it to the members of the alert's team and of the groups
 * above it, and to the responders of the call's dial plan.
 *
 * @public
 */
export const incomingCallAlertReadPermission: ResourcePermission<
  typeof INCOMING_CALL_ALERT_RESOURCE_TYPE
> = createPermission({
  name: 'incoming-call.alert.read',
  attributes: { action: 'read' },
  resourceType: INCOMING_CALL_ALERT_RESOURCE_TYPE,
});

/**
 * Acknowledge, close, reopen and annotate an alert. Granted by the default
 * policy to the same people as reading it.
 *
 * @public
 */
export const incomingCallAlertUpdatePermission: ResourcePermission<
  typeof INCOMING_CALL_ALERT_RESOURCE_TYPE
> = createPermission({
  name: 'incoming-call.alert.update',
  attributes: { action: 'update' },
  resourceType: INCOMING_CALL_ALERT_RESOURCE_TYPE,
});

/**
 * Read a team's routing.
 *
 * @public
 */
export const incomingCallReadPermission = createPermission({
  name: 'incoming-call.read',
  attributes: { action: 'read' },
});

/**
 * Read a team's usage, estimated cost and call analytics. The default
 * policy grants it to the team's members and to members of the groups above
 * it.
 *
 * @public
 */
export const incomingCallUsageReadPermission: ResourcePermission<
  typeof INCOMING_CALL_TEAM_RESOURCE_TYPE
> = createPermission({
  name: 'incoming-call.usage.read',
  attributes: { action: 'read' },
  resourceType: INCOMING_CALL_TEAM_RESOURCE_TYPE,
});

/**
 * Read the whole organisation's usage, estimated cost and call analytics
 * (every team's numbers and responders). The default policy grants it to
 * every signed-in user.
 *
 * @public
 */
export const incomingCallOrganisationUsageReadPermission = createPermission({
  name: 'incoming-call.usage.organisation.read',
  attributes: { action: 'read' },
});

/** @public */
export const incomingCallPermissions = [
  incomingCallRoutingUpdatePermission,
  incomingCallNumberManagePermission,
  incomingCallReadPermission,
  incomingCallAlertReadPermission,
  incomingCallAlertUpdatePermission,
  incomingCallUsageReadPermission,
  incomingCallOrganisationUsageReadPermission,
];
