import type { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { TestApiProvider } from '@backstage/test-utils';
import type { IncomingCallApi } from '@icr/plugin-incoming-call-react';
import type { ReactNode } from 'react';
import { renderForTeam } from '../../../__testUtils__/renderForTeam';
import { IncomingCallsContent } from '../IncomingCallsContent';

const entity = (
  kind: string,
  name: string,
  title?: string,
  spec: Entity['spec'] = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', ...(title ? { title } : {}) },
  spec,
});

/** Recipients the catalog knows, with names unlike their refs. */
export const exampleCatalog: Entity[] = [
  entity('User', 'ana', undefined, {
    profile: { displayName: 'Ana Lopez' },
    memberOf: ['platform'],
  }),
  entity('User', 'bob', undefined, { profile: { displayName: 'Bob Stone' } }),
  entity('User', 'carol', undefined, {
    profile: { displayName: 'Carol Diaz' },
  }),
  entity('Group', 'platform', 'Platform', { type: 'team', children: [] }),
  entity('Schedule', 'platform-primary', 'Platform primary'),
  entity('Escalation', 'platform-escalation', 'Platform escalation'),
  entity('Component', 'billing', 'Bob billing service'),
];

/**
 * The Incoming calls tab of Platform, with a catalog of recipients, after
 * `before` (what else the page has, such as links to other tabs).
 */
export function renderEditorForTeam(
  api: IncomingCallApi,
  options: { entities?: Entity[]; before?: ReactNode } = {},
) {
  const { entities = exampleCatalog, before } = options;
  return renderForTeam(
    <TestApiProvider apis={[[catalogApiRef, catalogApiMock({ entities })]]}>
      {before}
      <IncomingCallsContent />
    </TestApiProvider>,
    api,
  );
}
