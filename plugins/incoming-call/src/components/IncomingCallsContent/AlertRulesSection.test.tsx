import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { TestApiProvider } from '@backstage/test-utils';
import {
  defaultIntegrationConfig,
  type IntegrationConfig,
  integrationConfigSchema,
} from '@icr/plugin-incoming-call-common';
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { exampleCatalog } from './__testUtils__/renderEditor';
import { AlertRulesSection } from './AlertRulesSection';
import { type FieldErrors, fieldErrorsOf } from './fieldErrors';
import type { AudioLibrary } from './useAudioLibrary';

jest.setTimeout(60_000);

/** Enters a whole value at once (typing it key by key is slow on a loaded machine). */
const fill = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

const platform = defaultIntegrationConfig({
  ref: 'group:default/platform',
  title: 'Platform',
});
const VIP: IntegrationConfig['alertRules'][number] = {
  name: 'VIP callers',
  match: { type: 'prefix', value: '+1415555*' },
  actions: { priority: 'P1', tags: ['vip'], extraRecipients: [], notify: true },
};

/**
 * The section as the editor holds it: the draft in state, its problems
 * from the shared schema, and `serverErrors` as a refused save gives them.
 */
function renderSection(
  start: IntegrationConfig,
  serverErrors: FieldErrors = {},
) {
  const latest = { config: start };
  function Editor() {
    const [config, setConfig] = useState(start);
    latest.config = config;
    const parsed = integrationConfigSchema.safeParse(config);
    return (
      <AlertRulesSection
        config={config}
        onChange={change => setConfig(change)}
        errors={{
          ...(parsed.success ? {} : fieldErrorsOf(parsed.error)),
          ...serverErrors,
        }}
        disabled={false}
        audio={{} as AudioLibrary}
      />
    );
  }
  render(
    <TestApiProvider
      apis={[[catalogApiRef, catalogApiMock({ entities: exampleCatalog })]]}
    >
      <Editor />
    </TestApiProvider>,
  );
  return latest;
}

const preview = () => screen.getByRole('status');

describe('AlertRulesSection', () => {
  it('adds a VIP rule (prefix, priority, tag, extra recipient, notify) and previews a caller', async () => {
    const latest = renderSection(platform);
    expect(screen.getByText('No alert rules.')).toBeInTheDocument();
    expect(preview()).toHaveTextContent(
      'A call from +1 415 555 0100 matches no rule: P3, no tags',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Add a rule' }));
    fill('Rule 1 name', 'VIP callers');
    fill('Prefix', '+1415555');
    await userEvent.selectOptions(screen.getByLabelText('Priority'), 'P1');
    fill('Add a tag', ' VIP ');
    fireEvent.keyDown(screen.getByLabelText('Add a tag'), { key: 'Enter' });
    expect(screen.getByLabelText('Add a tag')).toHaveValue('');
    await userEvent.type(
      screen.getByLabelText('Add to rule 1 extra recipients by name'),
      'stone',
    );
    await userEvent.click(await screen.findByText('Bob Stone'));

    expect(preview()).toHaveTextContent(
      "A call from +1 415 555 0100 would be P1, tagged vip, also rings 1 more recipient (rule 'VIP callers')",
    );
    await userEvent.click(
      screen.getByLabelText('Notify the people the call is routed to'),
    );
    expect(preview()).toHaveTextContent(
      "would be P1, tagged vip, also rings 1 more recipient, no notifications (rule 'VIP callers')",
    );
    // The draft saves as the schema normalises it.
    expect(integrationConfigSchema.parse(latest.config).alertRules).toEqual([
      {
        name: 'VIP callers',
        match: { type: 'prefix', value: '+1415555*' },
        actions: {
          priority: 'P1',
          tags: ['vip'],
          extraRecipients: ['user:default/bob'],
          notify: false,
        },
      },
    ]);

    fill('A call from', '+4930555000');
    expect(preview()).toHaveTextContent(
      'A call from +4930555000 matches no rule: P3, no tags',
    );
  });

  it('previews the first matching rule in order, and reorders rules', async () => {
    renderSection({
      ...platform,
      alertRules: [
        {
          name: 'Canada',
          match: { type: 'country', country: 'CA' },
          actions: { tags: ['ca'], extraRecipients: [], notify: true },
        },
        { ...VIP, match: { type: 'prefix', value: '+1*' } },
      ],
    });
    fill('A call from', '+1 416 555 0100');
    expect(preview()).toHaveTextContent(
      "would be P3, tagged ca (rule 'Canada')",
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Move rule 2 up' }),
    );
    expect(preview()).toHaveTextContent(
      "would be P1, tagged vip (rule 'VIP callers')",
    );
    const rules = within(screen.getByRole('list', { name: 'Alert rules' }));
    expect(rules.getByLabelText('Rule 1 name')).toHaveValue('VIP callers');

    await userEvent.click(
      screen.getByRole('button', { name: 'Remove rule 1' }),
    );
    expect(preview()).toHaveTextContent("(rule 'Canada')");
  });

  it("shows a bad pattern's message at the field", async () => {
    renderSection({ ...platform, alertRules: [VIP] });
    fill('Prefix', '1415*');
    expect(
      screen.getByText('A prefix starts with + (e.g. +4930123 or +1900*)'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Prefix')).toHaveAttribute(
      'aria-invalid',
      'true',
    );

    await userEvent.selectOptions(
      screen.getByLabelText("Match the caller's"),
      'number',
    );
    // The value typed for the prefix stays.
    expect(screen.getByLabelText('Number')).toHaveValue('1415*');
    fill('Number', '+1415*');
    expect(
      screen.getByText(
        'An exact number has no *: choose "Prefix" to match every number that starts with it',
      ),
    ).toBeInTheDocument();
  });

  it("shows the server's message at the field it names", () => {
    renderSection(
      {
        ...platform,
        alertRules: [
          {
            ...VIP,
            actions: { ...VIP.actions, extraRecipients: ['user:default/gone'] },
          },
        ],
      },
      {
        'alertRules.0.actions.extraRecipients.0':
          'There is no user user:default/gone in the catalog',
      },
    );
    expect(
      screen.getByText('There is no user user:default/gone in the catalog'),
    ).toBeInTheDocument();
  });
});
