import { createApiRef } from '@backstage/frontend-plugin-api';
import type { BrowserPickupGrant } from '@icr/plugin-incoming-call-common';
import type { BrowserPhone } from './BrowserPhone';
import { twilioBrowserPhone } from './twilioBrowserPhone';

/**
 * The browser phones of this app, by the phone provider a browser pickup
 * grant names. Twilio's is built in; another plugin adds its own (the
 * simulated phone network's, for `simulated-network`).
 *
 * @public
 */
export interface BrowserPhoneApi {
  /** The phone for the grant's provider, or undefined when the app has none. */
  phoneFor(provider: BrowserPickupGrant['provider']): BrowserPhone | undefined;
}

/**
 * The app's browser phones (`BrowserPhoneApi`): the incoming-call plugin
 * provides Twilio's and those of `BrowserPhoneBlueprint` extensions; a
 * legacy app can give its own factory, made with `createBrowserPhones`.
 *
 * @public
 */
export const browserPhoneApiRef = createApiRef<BrowserPhoneApi>({
  id: 'plugin.incoming-call.browser-phone',
});

/**
 * The Twilio Voice SDK's phone, and `phones` for other providers (which may
 * also replace Twilio's).
 *
 * @public
 */
export function createBrowserPhones(
  phones: Partial<Record<BrowserPickupGrant['provider'], BrowserPhone>> = {},
): BrowserPhoneApi {
  const byProvider: Partial<Record<string, BrowserPhone>> = {
    twilio: twilioBrowserPhone(),
    ...phones,
  };
  return { phoneFor: provider => byProvider[provider] };
}
