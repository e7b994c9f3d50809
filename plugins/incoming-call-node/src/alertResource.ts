import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import { INCOMING_CALL_ALERT_RESOURCE_TYPE } from '@icr/plugin-incoming-call-common';

/**
 * An alert as the permission framework sees it: whose it is and who took
 * part in its call.
 *
 * @public
 */
export interface AlertResource {
  id: string;
  teamRef: string;
  /** Members of the alert's team and of every group above it. */
  memberRefs: string[];
  /** The users the call's dial plan rings. */
  responderRefs: string[];
}

/**
 * How a rule narrows a listing of alerts: the backend turns it into SQL.
 * `participant`: alerts of the teams the user belongs to (or to a group
 * above them), and alerts whose dial plan rings the user.
 *
 * @public
 */
export type AlertQuery = { participant: string };

/** @public */
export const alertResourceRef = createPermissionResourceRef<
  AlertResource,
  AlertQuery
>().with({
  pluginId: 'incoming-call',
  resourceType: INCOMING_CALL_ALERT_RESOURCE_TYPE,
});
