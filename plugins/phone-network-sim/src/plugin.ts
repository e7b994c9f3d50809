import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
} from '@backstage/core-plugin-api';
import { coreApis } from '@backstage/frontend-plugin-api';
import {
  browserPhoneApiRef,
  createBrowserPhones,
} from '@icr/plugin-incoming-call-react';
import { PhoneNetworkClient, phoneNetworkApiRef } from './api';
import { simulatedBrowserPhone } from './browserPhone/simulatedBrowserPhone';

/**
 * The simulated phone network's plugin for the legacy frontend system.
 *
 * @public
 */
export const phoneNetworkSimPlugin = createPlugin({
  id: 'phone-network',
  apis: [
    createApiFactory({
      api: phoneNetworkApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
      factory: ({ discoveryApi, fetchApi }) =>
        new PhoneNetworkClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * The browser phones of an app with the simulated network: Twilio's, and
 * the network's for `simulated-network` grants. A legacy app adds it to
 * `createApp({ apis })`, as it replaces the incoming-call plugin's own.
 *
 * @public
 */
export const browserPhonesWithSimulatedNetworkApiFactory = createApiFactory({
  api: browserPhoneApiRef,
  deps: { phoneNetworkApi: phoneNetworkApiRef },
  factory: ({ phoneNetworkApi }) =>
    createBrowserPhones({
      'simulated-network': simulatedBrowserPhone(phoneNetworkApi),
    }),
});

/**
 * The test call panel, for the `panels` of `EntityIncomingCallsContent`:
 * places calls to the team's saved numbers on the simulated network.
 *
 * @public
 */
export const EntityTestCallPanel: () => JSX.Element | null =
  phoneNetworkSimPlugin.provide(
    createComponentExtension({
      name: 'EntityTestCallPanel',
      component: {
        lazy: () =>
          import('./components/TestCallPanel').then(m => m.TabTestCallPanel),
      },
    }),
  );
