import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { RoutingEntitiesProcessor } from './RoutingEntitiesProcessor';

/**
 * Teaches the catalog the entities incoming call routing reads.
 *
 * @public
 */
export const catalogModuleIncomingCall = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'incoming-call',
  register(env) {
    env.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new RoutingEntitiesProcessor());
      },
    });
  },
});
