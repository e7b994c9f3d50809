import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { coreApis } from '@backstage/frontend-plugin-api';
import {
  browserPhoneApiRef,
  createBrowserPhones,
  incomingCallApiRef,
} from '@icr/plugin-incoming-call-react';
import type { ReactNode } from 'react';
import { IncomingCallClient } from './api';
import { alertRouteRef, alertsRouteRef } from './routes';

/**
 * The incoming call plugin for the legacy frontend system. Its browser
 * phones are Twilio's alone; an app adds another provider's by giving its
 * own factory for `browserPhoneApiRef` (see `createBrowserPhones`, both of
 * `@icr/plugin-incoming-call-react`).
 *
 * @public
 */
export const incomingCallPlugin = createPlugin({
  id: 'incoming-call',
  routes: { alerts: alertsRouteRef, alert: alertRouteRef },
  apis: [
    createApiFactory({
      api: incomingCallApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
      factory: ({ discoveryApi, fetchApi }) =>
        new IncomingCallClient({ discoveryApi, fetchApi }),
    }),
    createApiFactory({
      api: browserPhoneApiRef,
      deps: {},
      factory: () => createBrowserPhones(),
    }),
  ],
});

/**
 * The "Incoming calls" tab of a Group entity page: the team's call routing.
 * `panels` are shown above the routing editor (e.g. the simulated phone
 * network's test call panel); they can read the tab with
 * `useIncomingCallsTab` of `@icr/plugin-incoming-call-react`.
 *
 * @public
 */
export const EntityIncomingCallsContent: (props: {
  panels?: ReactNode;
}) => JSX.Element | null = incomingCallPlugin.provide(
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
export const EntityCallAlertsContent: () => JSX.Element | null =
  incomingCallPlugin.provide(
    createComponentExtension({
      name: 'EntityCallAlertsContent',
      component: {
        lazy: () =>
          import('./components/CallAlertsContent').then(
            m => m.CallAlertsContent,
          ),
      },
    }),
  );

/**
 * The Alerts page: the call alerts of every team the user may read, with
 * filters, and each alert's own page under it (`/:id`). Mount it at
 * `/incoming-calls/alerts`.
 *
 * @public
 */
export const IncomingCallAlertsPage: () => JSX.Element | null =
  incomingCallPlugin.provide(
    createRoutableExtension({
      name: 'IncomingCallAlertsPage',
      mountPoint: alertsRouteRef,
      component: () =>
        import('./components/AlertsPage').then(m => m.LegacyAlertsPage),
    }),
  );
