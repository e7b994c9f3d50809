import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import {
  renderInTestApp,
  TestApiProvider,
  type TestAppOptions,
} from '@backstage/test-utils';
import type { AlertSignalMessage } from '@icr/plugin-incoming-call-common';
import { act } from '@testing-library/react';
import type { ReactElement } from 'react';
import {
  type BrowserPhoneApi,
  browserPhoneApiRef,
  createBrowserPhones,
  type IncomingCallApi,
  incomingCallApiRef,
} from '@icr/plugin-incoming-call-react';

export const platformTeam: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'platform', namespace: 'default', title: 'Platform' },
  spec: { type: 'team', children: [] },
};

export function mockIncomingCallApi(
  implementation: Partial<jest.Mocked<IncomingCallApi>> = {},
): jest.Mocked<IncomingCallApi> {
  return {
    getIntegration: jest.fn().mockResolvedValue(undefined),
    saveIntegration: jest.fn().mockRejectedValue(new Error('not mocked')),
    listAudio: jest.fn().mockResolvedValue([]),
    uploadAudio: jest.fn().mockRejectedValue(new Error('not mocked')),
    deleteAudio: jest.fn().mockRejectedValue(new Error('not mocked')),
    listAlerts: jest.fn().mockResolvedValue({ items: [] }),
    searchAlerts: jest.fn().mockResolvedValue({ items: [] }),
    getAlert: jest.fn().mockRejectedValue(new Error('not mocked')),
    acknowledgeAlert: jest.fn().mockRejectedValue(new Error('not mocked')),
    closeAlert: jest.fn().mockRejectedValue(new Error('not mocked')),
    reopenAlert: jest.fn().mockRejectedValue(new Error('not mocked')),
    addAlertNote: jest.fn().mockRejectedValue(new Error('not mocked')),
    getVoicemail: jest.fn().mockRejectedValue(new Error('not mocked')),
    getTeamOnCall: jest.fn().mockResolvedValue({
      teamRef: 'group:default/platform',
      at: '2024-05-02T10:00:00.000Z',
      routingTarget: null,
      plan: { tiers: [], skipped: [], voicemailOnly: false },
      schedules: [],
    }),
    getDialPlan: jest.fn().mockResolvedValue(undefined),
    listOverrides: jest.fn().mockResolvedValue([]),
    createOverride: jest.fn().mockRejectedValue(new Error('not mocked')),
    deleteOverride: jest.fn().mockRejectedValue(new Error('not mocked')),
    requestBrowserPickup: jest.fn().mockRejectedValue(new Error('not mocked')),
    getUsage: jest.fn().mockRejectedValue(new Error('not mocked')),
    getAnalytics: jest.fn().mockRejectedValue(new Error('not mocked')),
    getForwardingStatus: jest.fn().mockResolvedValue({ destinations: [] }),
    listNumberCountries: jest.fn().mockResolvedValue([]),
    searchAvailableNumbers: jest.fn().mockResolvedValue([]),
    listOwnedNumbers: jest.fn().mockResolvedValue([]),
    deleteIntegration: jest.fn().mockRejectedValue(new Error('not mocked')),
    // Outage mode: no incident, no status message.
    listOpenIncidents: jest.fn().mockResolvedValue([]),
    getStatusMessage: jest.fn().mockResolvedValue(undefined),
    switchOnStatusMessage: jest.fn().mockRejectedValue(new Error('not mocked')),
    switchOffStatusMessage: jest
      .fn()
      .mockRejectedValue(new Error('not mocked')),
    // Nobody waiting in the line.
    getLine: jest.fn().mockResolvedValue({
      teams: [],
      responders: [],
      you: { userRef: 'user:default/ana' },
    }),
    stopTakingCalls: jest.fn().mockRejectedValue(new Error('not mocked')),
    resumeTakingCalls: jest.fn().mockRejectedValue(new Error('not mocked')),
    ...implementation,
  };
}

/**
 * The app's signals, as the backend would send them: `send` delivers an
 * alert signal to every subscriber of its channel.
 */
export function mockSignalApi() {
  const subscribers = new Map<string, Set<(message: any) => void>>();
  const signals: jest.Mocked<SignalApi> = {
    subscribe: jest.fn((channel, onMessage) => {
      const onChannel = subscribers.get(channel) ?? new Set();
      onChannel.add(onMessage);
      subscribers.set(channel, onChannel);
      return { unsubscribe: () => onChannel.delete(onMessage) };
    }),
  };
  const send = (message: AlertSignalMessage) =>
    act(() => {
      subscribers
        .get('incoming-call:alerts')
        ?.forEach(deliver => deliver(message));
    });
  return { signals, send };
}

/**
 * Renders an element against a mock API, with the app's browser phones (by
 * default only Twilio's) and its signals (by default none: no live
 * updates), at `/`, or at the route `path` of `mountedRoutes`.
 */
export function renderWithApis(
  element: ReactElement,
  api: IncomingCallApi,
  options: {
    phones?: BrowserPhoneApi;
    signals?: SignalApi;
  } & Pick<TestAppOptions, 'mountedRoutes' | 'routeEntries'> = {},
) {
  const apis: Parameters<typeof TestApiProvider>[0]['apis'] = [
    [incomingCallApiRef, api],
    [browserPhoneApiRef, options.phones ?? createBrowserPhones()],
    ...(options.signals ? ([[signalApiRef, options.signals]] as const) : []),
  ];
  return renderInTestApp(
    <TestApiProvider apis={apis}>{element}</TestApiProvider>,
    {
      mountedRoutes: options.mountedRoutes,
      routeEntries: options.routeEntries,
    },
  );
}

/**
 * Renders a Group entity tab for the Platform team against a mock API, with
 * the app's browser phones (by default only Twilio's) and signals.
 */
export function renderForTeam(
  element: ReactElement,
  api: IncomingCallApi,
  phones: BrowserPhoneApi = createBrowserPhones(),
  signals?: SignalApi,
) {
  return renderWithApis(
    <EntityProvider entity={platformTeam}>{element}</EntityProvider>,
    api,
    { phones, signals },
  );
}

/** The error the client throws for a non-OK answer with a Backstage error body. */
export function responseError(
  status: number,
  error: { name: string; message: string; [key: string]: unknown },
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(JSON.stringify({ error, response: { statusCode: status } }), {
      status,
      headers: { 'Content-Type': 'application/json' },
    }),
  );
}
