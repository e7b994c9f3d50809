import {
  browserIdentity,
  type RoutingSnapshot,
  type RoutingUser,
} from '@icr/plugin-incoming-call-common';

/**
 * The user a Twilio Client identity stands for. Two users whose refs map to
 * the same identity are refused rather than guessed between.
 */
export function userOfIdentity(
  snapshot: RoutingSnapshot,
  identity: string,
): RoutingUser | undefined {
  const matches = [...snapshot.users.values()].filter(
    user => browserIdentity(user.ref) === identity,
  );
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * Who may take a call in the browser: members of the team the call came
 * to, and anyone its dial plan would ring.
 */
export function mayTakeCall(
  user: RoutingUser,
  teamRef: string,
  plannedUserRefs: string[],
): boolean {
  return user.memberOf.includes(teamRef) || plannedUserRefs.includes(user.ref);
}
