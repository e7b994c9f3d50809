import { usePermission } from '@backstage/plugin-permission-react';
import {
  defaultIntegrationConfig,
  type ForwardingDestination,
  type Integration,
} from '@icr/plugin-incoming-call-common';
import type { TeamRef } from '@icr/plugin-incoming-call-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockIncomingCallApi } from '../../__testUtils__/renderForTeam';
import { renderEditorForTeam } from './__testUtils__/renderEditor';

// The whole editor re-renders on each click: slow on a loaded 2-core machine.
jest.setTimeout(60_000);

jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: jest.fn(),
}));

const usePermissionMock = usePermission as jest.MockedFunction<
  typeof usePermission
>;

const SECRET = 'a3f1c0de'.repeat(8);

const integration = (
  config: Integration['config'],
  version: number,
): Integration => ({
  id: 'integration-1',
  teamRef: 'group:default/platform',
  config,
  version,
  createdAt: '2024-05-01T10:00:00Z',
  updatedAt: '2024-05-02T10:00:00Z',
  updatedBy: 'user:default/ana',
});

/** Saves as the backend does: new HTTP destinations get a secret, shown once. */
const saving = async (
  _team: TeamRef,
  config: Integration['config'],
  editedVersion: number,
): Promise<Integration> => {
  const destinations = config.forwarding.destinations.map(d =>
    d.type === 'http' ? { ...d, secretSet: true } : d,
  );
  const created = config.forwarding.destinations.filter(
    d => d.type === 'http' && !d.secretSet,
  );
  return {
    ...integration(
      { ...config, forwarding: { destinations } },
      editedVersion + 1,
    ),
    ...(created.length > 0 && {
      forwardingSecrets: created.map(d => ({
        destinationId: d.id,
        secret: SECRET,
      })),
    }),
  };
};

const forwarding = () =>
  within(
    screen.getByText('Forwarding').closest('.MuiCard-root') as HTMLElement,
  );

describe('forwarding in the integration editor', () => {
  beforeEach(() => {
    usePermissionMock.mockReturnValue({ loading: false, allowed: true });
  });

  it('adds an HTTP endpoint and shows its signing secret once, after the save', async () => {
    const api = mockIncomingCallApi({ saveIntegration: jest.fn(saving) });
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.assign(navigator, { clipboard: { writeText } });
    await renderEditorForTeam(api);

    await userEvent.click(
      forwarding().getByRole('button', { name: 'Add HTTP endpoint' }),
    );
    await userEvent.click(forwarding().getByLabelText('Endpoint URL'));
    await userEvent.paste('https://hooks.example.com/incidents');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByLabelText('Secret of HTTP endpoint'),
    ).toHaveValue(SECRET);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect(
      within(dialog).getByRole('button', { name: 'Copied' }),
    ).toBeInTheDocument();
    const saved = (api.saveIntegration as jest.Mock).mock.calls[0][1];
    expect(saved.forwarding.destinations).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type: 'http',
        name: 'HTTP endpoint',
        url: 'https://hooks.example.com/incidents',
        events: [
          'created',
          'acknowledged',
          'closed',
          'reopened',
          'voicemail',
          'note',
        ],
      },
    ]);

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'I have copied it' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(screen.queryByDisplayValue(SECRET)).not.toBeInTheDocument();

    // The next save keeps the secret: nothing to show.
    await userEvent.click(forwarding().getByLabelText('Note'));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(
      forwarding().getByText(/the secret was shown when it was added/),
    ).toBeInTheDocument();
  });

  it('shows a destination that keeps failing, with its last error', async () => {
    const slack: ForwardingDestination = {
      id: '7d1c7f3e-3a55-4a4e-9d9a-0a2f3b6c1e01',
      type: 'slack',
      name: '#platform-support',
      webhookUrl: 'https://hooks.slack.com/services/T…/****',
      events: ['created'],
    };
    const config = {
      ...defaultIntegrationConfig({
        ref: 'group:default/platform',
        title: 'Platform',
      }),
      forwarding: { destinations: [slack] },
    };
    const api = mockIncomingCallApi({
      getIntegration: jest.fn().mockResolvedValue(integration(config, 3)),
      getForwardingStatus: jest.fn().mockResolvedValue({
        destinations: [
          {
            destinationId: slack.id,
            pending: 1,
            delivered: 2,
            failed: 3,
            lastDeliveredAt: '2024-05-02T09:00:00.000Z',
            lastError: {
              message: 'HTTP 404: no_service',
              at: '2024-05-02T10:00:00.000Z',
            },
          },
        ],
      }),
    });
    await renderEditorForTeam(api);

    expect(
      await forwarding().findByText(
        '2 delivered · 1 waiting · 3 given up after every retry',
      ),
    ).toBeInTheDocument();
    expect(forwarding().getByText(/HTTP 404: no_service/)).toBeInTheDocument();
    expect(
      forwarding().getByLabelText('Slack incoming webhook URL'),
    ).toHaveValue('https://hooks.slack.com/services/T…/****');
    expect(api.getForwardingStatus).toHaveBeenCalledWith({
      namespace: 'default',
      name: 'platform',
    });
  });
});
