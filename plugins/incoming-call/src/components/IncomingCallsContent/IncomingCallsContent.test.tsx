import { usePermission } from '@backstage/plugin-permission-react';
import {
  defaultIntegrationConfig,
  incomingCallRoutingUpdatePermission,
  type Integration,
  NO_INTEGRATION_VERSION,
} from '@icr/plugin-incoming-call-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEventApi from '@testing-library/user-event';
import type { IncomingCallApi } from '@icr/plugin-incoming-call-react';
import {
  mockIncomingCallApi,
  responseError,
} from '../../__testUtils__/renderForTeam';
import { renderEditorForTeam } from './__testUtils__/renderEditor';

// Typing into MUI fields is slow on a loaded 2-core CI machine, and the tab
// renders the usage and analytics cards too.
jest.setTimeout(60_000);
// No pause between keystrokes: each one re-renders the whole editor.
const userEvent = userEventApi.setup({ delay: null });

jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: jest.fn(),
}));

const usePermissionMock = usePermission as jest.MockedFunction<
  typeof usePermission
>;

const storedIntegration: Integration = {
  id: 'integration-1',
  teamRef: 'group:default/platform',
  config: {
    ...defaultIntegrationConfig({
      ref: 'group:default/platform',
      title: 'Platform',
    }),
    recipients: ['schedule:default/platform-primary'],
    numbers: [{ number: '+14155550100', country: 'US', source: 'attached' }],
  },
  version: 4,
  createdAt: '2024-05-01T10:00:00Z',
  updatedAt: '2024-05-02T10:00:00Z',
  updatedBy: 'user:default/ana',
};

const saveButton = () => screen.getByRole('button', { name: 'Save' });
const recipientList = (name = 'Recipients') =>
  within(screen.getByRole('list', { name }));

describe('IncomingCallsContent', () => {
  beforeEach(() => {
    usePermissionMock.mockReturnValue({ loading: false, allowed: true });
  });

  it('starts a team without an integration from the defaults, routed to the team', async () => {
    const api = mockIncomingCallApi();
    await renderEditorForTeam(api);

    expect(api.getIntegration).toHaveBeenCalledWith({
      namespace: 'default',
      name: 'platform',
    });
    expect(screen.getByLabelText('Name')).toHaveValue('Platform hotline');
    expect(screen.getByLabelText('Welcome message')).toHaveValue(
      'You have reached the Platform support line. Please hold while we connect you to the engineer on call.',
    );
    expect(screen.getByLabelText('Users to try')).toHaveValue(3);
    expect(await recipientList().findByText('1. Platform')).toBeInTheDocument();
    expect(recipientList().getByText('Team')).toBeInTheDocument();
    expect(
      screen.getByText(/Platform has no integration yet/),
    ).toBeInTheDocument();
    expect(saveButton()).toBeEnabled();
  });

  it('asks whether the user may change this team', async () => {
    await renderEditorForTeam(mockIncomingCallApi());

    expect(usePermissionMock).toHaveBeenCalledWith({
      permission: incomingCallRoutingUpdatePermission,
      resourceRef: 'group:default/platform',
    });
  });

  it('shows the stored integration', async () => {
    const api = mockIncomingCallApi({
      getIntegration: jest.fn().mockResolvedValue(storedIntegration),
    });
    await renderEditorForTeam(api);

    expect(
      within(screen.getByRole('list', { name: 'Phone numbers' })).getByText(
        '🇺🇸 +1 415 555 0100',
      ),
    ).toBeInTheDocument();
    expect(
      await recipientList().findByText('1. Platform primary'),
    ).toBeInTheDocument();
    expect(recipientList().getByText('Schedule')).toBeInTheDocument();
    expect(screen.getByText(/by user:default\/ana/)).toBeInTheDocument();
  });

  it('saves the edited config and says so', async () => {
    const api = mockIncomingCallApi({
      saveIntegration: jest.fn<
        ReturnType<IncomingCallApi['saveIntegration']>,
        Parameters<IncomingCallApi['saveIntegration']>
      >(async (_team, config) => ({ ...storedIntegration, config })),
    });
    await renderEditorForTeam(api);

    const welcome = screen.getByLabelText('Welcome message');
    await userEvent.clear(welcome);
    await userEvent.type(welcome, 'Thanks for calling Platform.');
    await userEvent.selectOptions(screen.getByLabelText('Language'), 'de-DE');
    await userEvent.selectOptions(
      screen.getByLabelText('Notify the team'),
      'delayed',
    );
    await userEvent.clear(screen.getByLabelText('Delay (minutes)'));
    await userEvent.type(screen.getByLabelText('Delay (minutes)'), '10');
    await userEvent.click(saveButton());

    expect(await screen.findByText('Saved')).toBeInTheDocument();
    expect(api.saveIntegration).toHaveBeenCalledWith(
      { namespace: 'default', name: 'platform' },
      // The suggested texts follow the language; what was typed stays.
      expect.objectContaining({
        recipients: ['group:default/platform'],
        language: 'de-DE',
        welcome: { type: 'text', text: 'Thanks for calling Platform.' },
        notification: { mode: 'delayed', delayMinutes: 10 },
      }),
      NO_INTEGRATION_VERSION,
    );
    expect(screen.getByText(/by user:default\/ana/)).toBeInTheDocument();
  });

  it('previews who a call would ring, again after a save', async () => {
    const api = mockIncomingCallApi({
      saveIntegration: jest.fn().mockResolvedValue(storedIntegration),
    });
    await renderEditorForTeam(api);

    expect(screen.getByText('Who is on call')).toBeInTheDocument();
    expect(
      await screen.findByText(
        'Save the integration to see who a call would ring.',
      ),
    ).toBeInTheDocument();
    expect(api.getDialPlan).toHaveBeenCalledTimes(1);

    await userEvent.click(saveButton());

    expect(await screen.findByText('Saved')).toBeInTheDocument();
    await waitFor(() => expect(api.getDialPlan).toHaveBeenCalledTimes(2));
  });

  it('shows why the server refused a change (403)', async () => {
    const api = mockIncomingCallApi({
      saveIntegration: jest.fn().mockRejectedValue(
        await responseError(403, {
          name: 'NotAllowedError',
          message: 'Only members of Platform may change its call routing',
        }),
      ),
    });
    await renderEditorForTeam(api);

    await userEvent.click(saveButton());

    expect(
      await screen.findByText(
        'Only members of Platform may change its call routing',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('Saved')).not.toBeInTheDocument();
  });

  it('shows the problems of a 400 next to their fields', async () => {
    const api = mockIncomingCallApi({
      saveIntegration: jest.fn().mockRejectedValue(
        await responseError(400, {
          name: 'InputError',
          message: 'welcome.text: The message cannot be spoken',
          problems: [
            { path: 'welcome.text', message: 'The message cannot be spoken' },
          ],
        }),
      ),
    });
    await renderEditorForTeam(api);

    await userEvent.click(saveButton());

    expect(
      await screen.findByText('The message cannot be spoken'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Welcome message')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });

  it('shows a phone number conflict (409)', async () => {
    const api = mockIncomingCallApi({
      saveIntegration: jest.fn().mockRejectedValue(
        await responseError(409, {
          name: 'ConflictError',
          message: '+14155550100 already routes to Payments',
        }),
      ),
    });
    await renderEditorForTeam(api);

    await userEvent.click(saveButton());

    expect(
      await screen.findByText('+14155550100 already routes to Payments'),
    ).toBeInTheDocument();
  });

  it('lets a user who may not change the team read but not edit', async () => {
    usePermissionMock.mockReturnValue({ loading: false, allowed: false });
    await renderEditorForTeam(mockIncomingCallApi());

    expect(
      screen.getByText(/Only members of Platform may change its call routing/),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Welcome message')).toBeDisabled();
    expect(screen.getByLabelText('Name')).toBeDisabled();
    expect(screen.getByRole('checkbox', { name: 'Enabled' })).toBeDisabled();
    expect(
      screen.getByText(
        'You may not buy or attach numbers for this team; its owners can.',
      ),
    ).toBeInTheDocument();
    expect(saveButton()).toBeDisabled();
  });

  it('shows a failure to load', async () => {
    const api = mockIncomingCallApi({
      getIntegration: jest.fn().mockRejectedValue(
        await responseError(500, {
          name: 'Error',
          message: 'Database is down',
        }),
      ),
    });
    await renderEditorForTeam(api);

    expect(
      (await screen.findAllByText('Database is down')).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByLabelText('Welcome message')).not.toBeInTheDocument();
  });
});
