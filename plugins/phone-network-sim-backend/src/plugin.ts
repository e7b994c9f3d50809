import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createRouter } from './router/createRouter';
import { simulatedPhoneNetworkServiceRef } from './service/simulatedPhoneNetworkService';

/**
 * The test-call API of the simulated phone network, at
 * `/api/phone-network`; it serves nothing unless the network is the phone
 * provider (`incomingCall.simulatedNetwork: true`).
 *
 * @public
 */
export const phoneNetworkPlugin = createBackendPlugin({
  pluginId: 'phone-network',
  register(env) {
    env.registerInit({
      deps: {
        simulated: simulatedPhoneNetworkServiceRef,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
      },
      async init({ simulated, httpRouter, httpAuth, userInfo }) {
        const { network, webhookBaseUrl } = simulated;
        if (!network) return;
        httpRouter.use(
          createRouter({ network, webhookBaseUrl, httpAuth, userInfo }),
        );
      },
    });
  },
});
