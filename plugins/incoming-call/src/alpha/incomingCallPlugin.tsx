import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { IncomingCallClient, incomingCallApiRef } from '../api';

const incomingCallApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: incomingCallApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new IncomingCallClient({ discoveryApi, fetchApi }),
    }),
});

const incomingCallsEntityContent = EntityContentBlueprint.make({
  name: 'incoming-calls',
  params: {
    path: 'incoming-calls',
    title: 'Incoming calls',
    filter: { kind: 'group' },
    loader: () =>
      import('../components/IncomingCallsContent').then(m => (
        <m.IncomingCallsContent />
      )),
  },
});

const callAlertsEntityContent = EntityContentBlueprint.make({
  name: 'call-alerts',
  params: {
    path: 'call-alerts',
    title: 'Call alerts',
    filter: { kind: 'group' },
    loader: () =>
      import('../components/CallAlertsContent').then(m => (
        <m.CallAlertsContent />
      )),
  },
});

/**
 * The incoming call plugin for the new frontend system: its API and a
 * Group's "Incoming calls" and "Call alerts" tabs.
 *
 * @alpha
 */
export const incomingCallPlugin = createFrontendPlugin({
  pluginId: 'incoming-call',
  title: 'Incoming calls',
  extensions: [
    incomingCallApi,
    incomingCallsEntityContent,
    callAlertsEntityContent,
  ],
});
