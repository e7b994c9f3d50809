/**
 * What other backend packages build on: the incoming-call plugin's extension
 * points and its permission resource, rules and conditions.
 *
 * @packageDocumentation
 */

export {
  incomingCallTwilioExtensionPoint,
  type IncomingCallTwilioExtensionPoint,
} from './twilioExtensionPoint';
export {
  teamResourceRef,
  type TeamResource,
  type TeamQuery,
} from './teamResource';
export {
  isTeamMember,
  teamPermissionConditions,
  createTeamConditionalDecision,
} from './teamPermissionRules';
export {
  alertResourceRef,
  type AlertResource,
  type AlertQuery,
} from './alertResource';
export {
  isAlertParticipant,
  alertPermissionConditions,
  createAlertConditionalDecision,
} from './alertPermissionRules';
