import { createBackendModule } from '@backstage/backend-plugin-api';
import { incomingCallTwilioExtensionPoint } from '@icr/plugin-incoming-call-node';
import type { RequestClient } from 'twilio';
import { simulatedPhoneNetworkServiceRef } from './service/simulatedPhoneNetworkService';

/**
 * Routes the incoming-call plugin's Twilio REST requests into the
 * simulated phone network, through the SDK's `httpClient`: the same code
 * path as production. Does nothing unless `incomingCall.simulatedNetwork`
 * is true.
 *
 * @public
 */
export const incomingCallModulePhoneNetworkSim = createBackendModule({
  pluginId: 'incoming-call',
  moduleId: 'phone-network-sim',
  register(env) {
    env.registerInit({
      deps: {
        twilio: incomingCallTwilioExtensionPoint,
        simulated: simulatedPhoneNetworkServiceRef,
      },
      async init({ twilio, simulated }) {
        if (!simulated.network) return;
        // The network implements the subset of RequestClient the SDK uses.
        twilio.setHttpClient(
          simulated.network.httpClient as unknown as RequestClient,
        );
      },
    });
  },
});
