/**
 * The incoming call routing backend plugin.
 *
 * @packageDocumentation
 */

export { incomingCallPlugin as default } from './plugin';
export {
  IncomingCallPermissionPolicy,
  incomingCallPermissionPolicyModule,
  incomingCallPolicyDecision,
} from './permissions/policy';
export {
  createTeamConditionalDecision,
  teamPermissionConditions,
} from './permissions/rules';
export { teamResourceRef } from './permissions/teamResource';
export {
  incomingCallTwilioExtensionPoint,
  type IncomingCallTwilioExtensionPoint,
} from './calls/twilioExtensionPoint';
