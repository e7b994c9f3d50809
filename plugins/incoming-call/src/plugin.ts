import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { IncomingCallClient, incomingCallApiRef } from './api';

/**
 * The incoming call plugin for the legacy frontend system.
 *
 * @public
 */
export const incomingCallPlugin = createPlugin({
  id: 'incoming-call',
  apis: [
    createApiFactory({
      api: incomingCallApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new IncomingCallClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * The "Incoming calls" tab of a Group entity page: the team's call routing.
 *
 * @public
 */
export const EntityIncomingCallsContent = incomingCallPlugin.provide(
  createComponentExtension({
    name: 'EntityIncomingCallsContent',
    component: {
      lazy: () =>
        import('./components/IncomingCallsContent').then(
          m => m.IncomingCallsContent,
        ),
    },
  }),
);

/**
 * The "Call alerts" tab of a Group entity page: the team's calls and their
 * timelines.
 *
 * @public
 */
export const EntityCallAlertsContent = incomingCallPlugin.provide(
  createComponentExtension({
    name: 'EntityCallAlertsContent',
    component: {
      lazy: () =>
        import('./components/CallAlertsContent').then(m => m.CallAlertsContent),
    },
  }),
);
