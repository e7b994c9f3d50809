import {
  ApiBlueprint,
  coreApis,
  coreExtensionData,
  createExtensionInput,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import PhoneCallbackIcon from '@material-ui/icons/PhoneCallback';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  type BrowserPhone,
  browserPhoneApiRef,
  browserPhoneDataRef,
  createBrowserPhones,
  incomingCallApiRef,
} from '@icr/plugin-incoming-call-react';
import { IncomingCallClient } from '../api';
import { alertRouteRef, alertsRouteRef } from '../routes';

const incomingCallApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: incomingCallApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
      factory: ({ discoveryApi, fetchApi }) =>
        new IncomingCallClient({ discoveryApi, fetchApi }),
    }),
});

/** Twilio's browser phone, and those attached with `BrowserPhoneBlueprint`. */
const browserPhonesApi = ApiBlueprint.makeWithOverrides({
  name: 'browser-phones',
  inputs: { phones: createExtensionInput([browserPhoneDataRef]) },
  factory(originalFactory, { inputs }) {
    const provided = inputs.phones.map(phone => phone.get(browserPhoneDataRef));
    return originalFactory(defineParams =>
      defineParams({
        api: browserPhoneApiRef,
        // Each phone is an API of its own plugin, with its own dependencies.
        deps: Object.fromEntries(provided.map(p => [p.provider, p.phone])),
        factory: (phones: Record<string, BrowserPhone>) =>
          createBrowserPhones(phones),
      }),
    );
  },
});

const incomingCallsEntityContent = EntityContentBlueprint.makeWithOverrides({
  name: 'incoming-calls',
  inputs: {
    panels: createExtensionInput([coreExtensionData.reactElement]),
  },
  factory(originalFactory, { inputs }) {
    const panels = inputs.panels.map(panel =>
      panel.get(coreExtensionData.reactElement),
    );
    return originalFactory({
      path: 'incoming-calls',
      title: 'Incoming calls',
      filter: { kind: 'group' },
      loader: () =>
        import('../components/IncomingCallsContent').then(m => (
          <m.IncomingCallsContent panels={panels} />
        )),
    });
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

/** The Alerts page, in the app's navigation, and each alert's page under it. */
const alertsPage = PageBlueprint.make({
  params: {
    path: '/incoming-calls/alerts',
    title: 'Alerts',
    icon: <PhoneCallbackIcon />,
    routeRef: alertsRouteRef,
    loader: () =>
      import('../components/AlertsPage').then(m => <m.AlertsRouter />),
  },
});

/**
 * The incoming call plugin for the new frontend system: its APIs, the
 * Alerts page (`/incoming-calls/alerts`, with a nav item) and a Group's
 * "Incoming calls" and "Call alerts" tabs. Other plugins add panels
 * to the Incoming calls tab (`IncomingCallsPanelBlueprint`) and browser
 * phones for other providers (`BrowserPhoneBlueprint`).
 *
 * @alpha
 */
export const incomingCallPlugin = createFrontendPlugin({
  pluginId: 'incoming-call',
  title: 'Incoming calls',
  routes: { alerts: alertsRouteRef, alert: alertRouteRef },
  extensions: [
    alertsPage,
    incomingCallApi,
    browserPhonesApi,
    incomingCallsEntityContent,
    callAlertsEntityContent,
  ],
});
