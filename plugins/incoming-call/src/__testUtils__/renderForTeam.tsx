import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
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
    getAlert: jest.fn().mockRejectedValue(new Error('not mocked')),
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
    ...implementation,
  };
}

/**
 * Renders a Group entity tab for the Platform team against a mock API, with
 * the app's browser phones (by default only Twilio's).
 */
export function renderForTeam(
  element: ReactElement,
  api: IncomingCallApi,
  phones: BrowserPhoneApi = createBrowserPhones(),
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [incomingCallApiRef, api],
        [browserPhoneApiRef, phones],
      ]}
    >
      <EntityProvider entity={platformTeam}>{element}</EntityProvider>
    </TestApiProvider>,
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
