import {
  type ApiRef,
  coreExtensionData,
  createExtensionBlueprint,
  createExtensionDataRef,
  ExtensionBoundary,
} from '@backstage/frontend-plugin-api';
import type { BrowserPickupGrant } from '@icr/plugin-incoming-call-common';
import type { BrowserPhone } from '../browserPhones';

/**
 * A browser phone another plugin provides, and the provider it is for.
 *
 * @public
 */
export interface BrowserPhoneProvision {
  /** The provider of the grants the phone takes. */
  provider: BrowserPickupGrant['provider'];
  /** The API the phone is: it gets its own dependencies. */
  phone: ApiRef<BrowserPhone>;
}

/** What a `BrowserPhoneBlueprint` extension gives browser pickup. @public */
export const browserPhoneDataRef =
  createExtensionDataRef<BrowserPhoneProvision>().with({
    id: 'incoming-call.browser-phone',
  });

/**
 * A panel on a Group's "Incoming calls" tab, above the routing editor (the
 * simulated phone network's test call panel is one). The panel can read the
 * tab's team and saved integration with `useIncomingCallsTab`.
 *
 * @public
 */
export const IncomingCallsPanelBlueprint = createExtensionBlueprint({
  kind: 'incoming-calls-panel',
  attachTo: {
    id: 'entity-content:incoming-call/incoming-calls',
    input: 'panels',
  },
  output: [coreExtensionData.reactElement],
  *factory(params: { loader: () => Promise<JSX.Element> }, { node }) {
    yield coreExtensionData.reactElement(
      ExtensionBoundary.lazy(node, params.loader),
    );
  },
});

/**
 * A browser phone for a phone provider other than Twilio (or in place of
 * Twilio's): browser pickup uses it for grants that name its provider.
 *
 * @public
 */
export const BrowserPhoneBlueprint = createExtensionBlueprint({
  kind: 'browser-phone',
  attachTo: { id: 'api:incoming-call/browser-phones', input: 'phones' },
  output: [browserPhoneDataRef],
  dataRefs: { phone: browserPhoneDataRef },
  *factory(params: BrowserPhoneProvision) {
    yield browserPhoneDataRef(params);
  },
});
