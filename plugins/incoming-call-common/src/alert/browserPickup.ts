/**
 * What the API grants a responder who takes a call in the browser: the
 * Twilio Client identity and the parameters to connect with, and, on real
 * Twilio, the access token for the Voice JS SDK. On the simulated network
 * the browser connects through the network's own API instead.
 *
 * @public
 */
export interface BrowserPickupGrant {
  provider: 'twilio' | 'simulated-network';
  identity: string;
  /** Sent with the connection; names the alert whose caller to take. */
  params: { alert: string };
  /** A short-lived access token (real Twilio only). */
  token?: string;
}

/**
 * The Twilio Client identity of a Backstage user, for browser pickup: Twilio
 * allows letters, digits and underscores, so `user:default/john.doe-smith`
 * becomes `user_default_john_doe_smith`. Tokens, the engine's check and the
 * simulated network all use this one mapping.
 *
 * @public
 */
export function browserIdentity(userEntityRef: string): string {
  return userEntityRef.replace(/[^A-Za-z0-9_]/g, '_');
}
