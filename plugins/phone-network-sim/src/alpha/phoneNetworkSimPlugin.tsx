import {
  ApiBlueprint,
  coreApis,
  createApiRef,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import {
  type BrowserPhone,
  BrowserPhoneBlueprint,
  IncomingCallsPanelBlueprint,
} from '@icr/plugin-incoming-call-react';
import { PhoneNetworkClient, phoneNetworkApiRef } from '../api';
import { simulatedBrowserPhone } from '../browserPhone/simulatedBrowserPhone';

const phoneNetworkClientApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: phoneNetworkApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
      factory: ({ discoveryApi, fetchApi }) =>
        new PhoneNetworkClient({ discoveryApi, fetchApi }),
    }),
});

const simulatedBrowserPhoneApiRef = createApiRef<BrowserPhone>({
  id: 'plugin.phone-network.browser-phone',
});

const simulatedBrowserPhoneApi = ApiBlueprint.make({
  name: 'browser-phone',
  params: defineParams =>
    defineParams({
      api: simulatedBrowserPhoneApiRef,
      deps: { phoneNetworkApi: phoneNetworkApiRef },
      factory: ({ phoneNetworkApi }) => simulatedBrowserPhone(phoneNetworkApi),
    }),
});

/** Browser pickup of `simulated-network` grants goes through the network. */
const simulatedBrowserPhoneProvision = BrowserPhoneBlueprint.make({
  name: 'simulated-network',
  params: { provider: 'simulated-network', phone: simulatedBrowserPhoneApiRef },
});

const testCallPanel = IncomingCallsPanelBlueprint.make({
  name: 'test-call',
  params: {
    loader: () =>
      import('../components/TestCallPanel').then(m => <m.TabTestCallPanel />),
  },
});

/**
 * The simulated phone network's plugin for the new frontend system: its
 * API, the test call panel on a Group's Incoming calls tab, and the browser
 * phone for `simulated-network` pickup grants.
 *
 * @alpha
 */
export const phoneNetworkSimPlugin = createFrontendPlugin({
  pluginId: 'phone-network',
  title: 'Simulated phone network',
  extensions: [
    phoneNetworkClientApi,
    simulatedBrowserPhoneApi,
    simulatedBrowserPhoneProvision,
    testCallPanel,
  ],
});
