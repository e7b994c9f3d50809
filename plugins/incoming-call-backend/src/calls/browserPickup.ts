import type {
  RoutingSnapshot,
  RoutingUser,
} from '@icr/plugin-incoming-call-common';

/**
 * The Twilio Client identity of a Backstage user: Twilio allows letters,
 * digits and underscores, so `user:default/ana` becomes `user_default_ana`.
 */
export function browserIdentity(userRef: string): string {
  return userRef.replace(/[^A-Za-z0-9_]/g, '_');
}

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
