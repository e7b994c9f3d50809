import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  type IncomingCallApi,
  incomingCallApiRef,
} from '@icr/plugin-incoming-call-react';
import type { ReactElement } from 'react';
import { type PhoneNetworkApi, phoneNetworkApiRef } from '../api';

export const platformTeam: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'platform', namespace: 'default', title: 'Platform' },
  spec: { type: 'team', children: [] },
};

/** The network's API, and the product's dial plan the panel reads. */
export type MockApis = jest.Mocked<PhoneNetworkApi> &
  Pick<jest.Mocked<IncomingCallApi>, 'getDialPlan'>;

export function mockPhoneNetworkApi(
  implementation: Partial<MockApis> = {},
): MockApis {
  return {
    getDialPlan: jest.fn().mockResolvedValue(undefined),
    // Like a backend whose phone provider is not the simulated network.
    listTestCalls: jest.fn().mockResolvedValue(undefined),
    placeTestCall: jest.fn().mockRejectedValue(new Error('not mocked')),
    hangUpTestCall: jest.fn().mockRejectedValue(new Error('not mocked')),
    pressTestCallKeys: jest.fn().mockRejectedValue(new Error('not mocked')),
    answerTestCall: jest.fn().mockRejectedValue(new Error('not mocked')),
    listTestPhones: jest.fn().mockResolvedValue({}),
    listTestMessages: jest.fn().mockResolvedValue([]),
    setTestPhone: jest.fn().mockRejectedValue(new Error('not mocked')),
    connectBrowserClient: jest.fn().mockRejectedValue(new Error('not mocked')),
    ...implementation,
  };
}

/** Renders a Group entity tab for the Platform team against mock APIs. */
export function renderForTeam(element: ReactElement, api: MockApis) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [phoneNetworkApiRef, api],
        // The panel reads only the dial plan of the product's API.
        [incomingCallApiRef, api as Partial<IncomingCallApi>],
      ]}
    >
      <EntityProvider entity={platformTeam}>{element}</EntityProvider>
    </TestApiProvider>,
  );
}
