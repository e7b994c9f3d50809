import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import type { BrowserPhone } from '../browserPhones';
import {
  BrowserPhoneBlueprint,
  browserPhoneDataRef,
  IncomingCallsPanelBlueprint,
} from './blueprints';

/**
 * Where an extension attaches: the contract with the incoming-call plugin,
 * which the extension's public type does not show.
 */
const attachmentOf = (extension: object) =>
  (extension as { attachTo?: unknown }).attachTo;

describe('IncomingCallsPanelBlueprint', () => {
  it('is a panel of the incoming-call plugin’s Incoming calls tab', async () => {
    const panel = IncomingCallsPanelBlueprint.make({
      name: 'test',
      params: { loader: async () => <p>A panel</p> },
    });

    expect(attachmentOf(panel)).toEqual({
      id: 'entity-content:incoming-call/incoming-calls',
      input: 'panels',
    });
    renderInTestApp(createExtensionTester(panel).reactElement());
    expect(await screen.findByText('A panel')).toBeInTheDocument();
  });
});

describe('BrowserPhoneBlueprint', () => {
  it('provides a phone API for its provider to the browser phones API', () => {
    const phone = createApiRef<BrowserPhone>({ id: 'test.browser-phone' });
    const extension = BrowserPhoneBlueprint.make({
      name: 'simulated',
      params: { provider: 'simulated-network', phone },
    });

    expect(attachmentOf(extension)).toEqual({
      id: 'api:incoming-call/browser-phones',
      input: 'phones',
    });
    expect(createExtensionTester(extension).get(browserPhoneDataRef)).toEqual({
      provider: 'simulated-network',
      phone,
    });
    expect(BrowserPhoneBlueprint.dataRefs.phone).toBe(browserPhoneDataRef);
  });
});
