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
