/**
 * The default permission policy of incoming call routing, for a Backstage
 * without a policy of its own.
 *
 * @packageDocumentation
 */

export {
  IncomingCallPermissionPolicy,
  incomingCallPolicyDecision,
  incomingCallPermissionPolicyModule as default,
} from './policy';
