import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { RequestClient } from 'twilio';

/**
 * Lets a module route the plugin's Twilio REST requests elsewhere, through
 * the official SDK's `httpClient` option: the simulated phone network, or a
 * recording client in tests.
 *
 * @public
 */
export interface IncomingCallTwilioExtensionPoint {
  setHttpClient(client: RequestClient): void;
}

/** @public */
export const incomingCallTwilioExtensionPoint =
  createExtensionPoint<IncomingCallTwilioExtensionPoint>({
    id: 'incoming-call.twilio',
  });
