import {
  createConditionExports,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { z } from 'zod';
import { alertResourceRef } from './alertResource';

/**
 * Allows a user who belongs to the alert's team (or to a group above it),
 * or whom the call's dial plan rings.
 *
 * @public
 */
export const isAlertParticipant = createPermissionRule({
  name: 'IS_ALERT_PARTICIPANT',
  description:
    "Allow members of the alert's team, and of the groups above it, and the responders of its call",
  resourceRef: alertResourceRef,
  paramsSchema: z.object({
    userRef: z.string().describe('The entity ref of the user asking'),
  }),
  apply: (alert, { userRef }) =>
    alert.memberRefs.includes(userRef) || alert.responderRefs.includes(userRef),
  toQuery: ({ userRef }) => ({ participant: userRef }),
});

const exported = createConditionExports({
  resourceRef: alertResourceRef,
  rules: { isAlertParticipant },
});

/**
 * Conditions for a permission policy on the incoming-call alert resource.
 *
 * @public
 */
export const alertPermissionConditions = exported.conditions;

/** @public */
export const createAlertConditionalDecision =
  exported.createConditionalDecision;
