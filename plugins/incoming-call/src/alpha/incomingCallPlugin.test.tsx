import type { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  coreApis,
  coreExtensionData,
  createApiRef,
} from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  type BrowserPhone,
  BrowserPhoneBlueprint,
  browserPhoneApiRef,
  incomingCallApiRef,
} from '@icr/plugin-incoming-call-react';
import incomingCallPlugin from '../alpha';
import { alertsRouteRef } from '../routes';

const entityOfKind = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'platform' },
});

describe('incomingCallPlugin (new frontend system)', () => {
  it('is the incoming-call frontend plugin and provides its API', () => {
    expect(incomingCallPlugin.$$type).toBe('@backstage/FrontendPlugin');
    expect(incomingCallPlugin.pluginId).toBe('incoming-call');
    const api = createExtensionTester(
      incomingCallPlugin.getExtension('api:incoming-call'),
    ).get(ApiBlueprint.dataRefs.factory);
    expect(api.api).toBe(incomingCallApiRef);
    expect(Object.values(api.deps)).toEqual([
      coreApis.discovery,
      coreApis.fetch,
    ]);
  });

  it.each([
    [
      'entity-content:incoming-call/incoming-calls',
      'incoming-calls',
      'Incoming calls',
    ],
    ['entity-content:incoming-call/call-alerts', 'call-alerts', 'Call alerts'],
  ] as const)('%s is a Group tab at %s', (id, path, title) => {
    const tester = createExtensionTester(incomingCallPlugin.getExtension(id));

    expect(tester.get(coreExtensionData.routePath)).toBe(path);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(title);
    const shownFor = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(shownFor?.(entityOfKind('Group'))).toBe(true);
    expect(shownFor?.(entityOfKind('Component'))).toBe(false);
  });

  it('has the Alerts page at /incoming-calls/alerts, in the navigation', () => {
    const tester = createExtensionTester(
      incomingCallPlugin.getExtension('page:incoming-call'),
    );

    expect(tester.get(coreExtensionData.routePath)).toBe(
      '/incoming-calls/alerts',
    );
    expect(tester.get(coreExtensionData.title)).toBe('Alerts');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
    expect(tester.get(coreExtensionData.routeRef)).toBe(alertsRouteRef);
  });

  it('takes the browser phones of other providers as APIs of their own', () => {
    const simulatedPhoneRef = createApiRef<BrowserPhone>({
      id: 'test.simulated-browser-phone',
    });
    const api = createExtensionTester(
      incomingCallPlugin.getExtension('api:incoming-call/browser-phones'),
    )
      .add(
        BrowserPhoneBlueprint.make({
          name: 'simulated',
          params: { provider: 'simulated-network', phone: simulatedPhoneRef },
        }),
      )
      .get(ApiBlueprint.dataRefs.factory);

    expect(api.api).toBe(browserPhoneApiRef);
    expect(api.deps).toEqual({ 'simulated-network': simulatedPhoneRef });
  });
});
