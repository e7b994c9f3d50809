import type {
  RoutingSnapshot,
  RoutingUser,
} from '@icr/plugin-incoming-call-common';
import { mayTakeCall, userOfIdentity } from './browserPickup';

const user = (ref: string, memberOf: string[] = []): RoutingUser => ({
  ref,
  displayName: ref,
  contactMethods: [],
  memberOf,
});
const snapshotOf = (...users: RoutingUser[]) =>
  ({ users: new Map(users.map(u => [u.ref, u])) } as RoutingSnapshot);

describe('browser pickup', () => {
  it('finds the user of an identity, and refuses an ambiguous one', () => {
    const ana = user('user:default/ana');
    expect(userOfIdentity(snapshotOf(ana), 'user_default_ana')).toBe(ana);
    expect(userOfIdentity(snapshotOf(ana), 'user_default_bob')).toBeUndefined();
    const john = user('user:default/john.doe-smith');
    expect(
      userOfIdentity(snapshotOf(ana, john), 'user_default_john_doe_smith'),
    ).toBe(john);
    expect(
      userOfIdentity(
        snapshotOf(user('user:default/a-b'), user('user:default/a.b')),
        'user_default_a_b',
      ),
    ).toBeUndefined();
  });

  it('lets the team’s members and the call’s responders take it, nobody else', () => {
    const team = 'group:default/platform';
    expect(mayTakeCall(user('user:default/ana', [team]), team, [])).toBe(true);
    expect(
      mayTakeCall(user('user:default/carol'), team, ['user:default/carol']),
    ).toBe(true);
    expect(
      mayTakeCall(user('user:default/bob', ['group:default/payments']), team, [
        'user:default/carol',
      ]),
    ).toBe(false);
  });
});
