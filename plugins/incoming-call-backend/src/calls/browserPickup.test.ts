import type {
  RoutingSnapshot,
  RoutingUser,
} from '@icr/plugin-incoming-call-common';
import { browserIdentity, mayTakeCall, userOfIdentity } from './browserPickup';

const user = (ref: string, memberOf: string[] = []): RoutingUser => ({
  ref,
  displayName: ref,
  contactMethods: [],
  memberOf,
});
const snapshotOf = (...users: RoutingUser[]) =>
  ({ users: new Map(users.map(u => [u.ref, u])) } as RoutingSnapshot);

describe('browser pickup', () => {
  it('gives each user a Twilio Client identity of letters, digits and underscores', () => {
    expect(browserIdentity('user:default/ana')).toBe('user_default_ana');
    expect(browserIdentity('user:ops/jean-luc.picard')).toBe(
      'user_ops_jean_luc_picard',
    );
  });

  it('finds the user of an identity, and refuses an ambiguous one', () => {
    const ana = user('user:default/ana');
    expect(userOfIdentity(snapshotOf(ana), 'user_default_ana')).toBe(ana);
    expect(userOfIdentity(snapshotOf(ana), 'user_default_bob')).toBeUndefined();
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
