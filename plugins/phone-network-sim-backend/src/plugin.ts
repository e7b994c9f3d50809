import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { ANNOTATIONS, userPhoneSchema } from '@icr/plugin-incoming-call-common';
import { createRouter } from './router/createRouter';
import { simulatedPhoneNetworkServiceRef } from './service/simulatedPhoneNetworkService';

/** How long a user's phone number from the catalog is reused. */
const PHONE_CACHE_MS = 10_000;

/**
 * The test-call API of the simulated phone network, at
 * `/api/phone-network`; it serves nothing unless the network is the phone
 * provider (`incomingCall.simulatedNetwork: true`). Each signed-in user
 * sees and acts on only the calls they placed or are a party to.
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
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ simulated, httpRouter, httpAuth, userInfo, auth, catalog }) {
        const { network, webhookBaseUrl } = simulated;
        if (!network) return;
        // A user's phone number: the calls to and from it are theirs.
        const cache = new Map<string, { phone?: string; at: number }>();
        const phoneOf = async (userEntityRef: string) => {
          const cached = cache.get(userEntityRef);
          if (cached && Date.now() - cached.at < PHONE_CACHE_MS) {
            return cached.phone;
          }
          const entity = await catalog.getEntityByRef(userEntityRef, {
            credentials: await auth.getOwnServiceCredentials(),
          });
          const parsed = userPhoneSchema.safeParse(
            entity?.metadata.annotations?.[ANNOTATIONS.phone],
          );
          const phone = parsed.success ? parsed.data : undefined;
          cache.set(userEntityRef, { phone, at: Date.now() });
          return phone;
        };
        httpRouter.use(
          createRouter({
            network,
            webhookBaseUrl,
            httpAuth,
            userInfo,
            phoneOf,
          }),
        );
      },
    });
  },
});
