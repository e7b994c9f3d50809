import { browserIdentity } from './browserPickup';

describe('browserIdentity', () => {
  it('gives each user a Twilio Client identity of letters, digits and underscores', () => {
    expect(browserIdentity('user:default/ana')).toBe('user_default_ana');
    expect(browserIdentity('user:default/john.doe-smith')).toBe(
      'user_default_john_doe_smith',
    );
    expect(browserIdentity('user:ops/jean-luc.picard')).toBe(
      'user_ops_jean_luc_picard',
    );
  });
});
