import type { BrowserPickupGrant } from '@icr/plugin-incoming-call-common';

/**
 * Where the browser's call is: being placed, connected (to the caller, as
 * far as the provider can tell), or over.
 *
 * @public
 */
export type BrowserCallPhase = 'connecting' | 'connected' | 'ended';

/**
 * What a browser phone tells of its call as it goes.
 *
 * @public
 */
export interface BrowserCallState {
  /** Where the call is. */
  phase: BrowserCallPhase;
  /** What the browser heard, when the provider can tell (a simulated network). */
  heard?: readonly string[];
  /** Why the call failed or can no longer be followed. */
  error?: Error;
}

/** The browser's call to take the caller. @public */
export interface BrowserCall {
  /** Ends the call; does nothing once it has ended. */
  hangUp(): Promise<void>;
}

/**
 * How the browser calls in to take a waiting caller, for one phone
 * provider: the Twilio Voice SDK, or another plugin's (a simulated phone
 * network). The UI does not know which.
 *
 * @public
 */
export interface BrowserPhone {
  /** Places the call the grant allows; `onChange` hears every new state. */
  connect(
    grant: BrowserPickupGrant,
    onChange: (state: BrowserCallState) => void,
  ): Promise<BrowserCall>;
}
