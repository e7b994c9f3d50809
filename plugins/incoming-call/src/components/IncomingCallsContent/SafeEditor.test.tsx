import { usePermission } from '@backstage/plugin-permission-react';
import {
  defaultIntegrationConfig,
  type Integration,
  NO_INTEGRATION_VERSION,
} from '@icr/plugin-incoming-call-common';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { IncomingCallApi } from '@icr/plugin-incoming-call-react';
import { Link, useLocation } from 'react-router-dom';
import {
  mockIncomingCallApi,
  responseError,
} from '../../__testUtils__/renderForTeam';
import { renderEditorForTeam } from './__testUtils__/renderEditor';

// Typing into MUI fields is slow on a loaded 2-core CI machine.
jest.setTimeout(30_000);

jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: jest.fn(),
}));

const usePermissionMock = usePermission as jest.MockedFunction<
  typeof usePermission
>;

const team = { namespace: 'default', name: 'platform' };
const defaults = defaultIntegrationConfig({
  ref: 'group:default/platform',
  title: 'Platform',
});

const stored: Integration = {
  id: 'integration-1',
  teamRef: 'group:default/platform',
  config: defaults,
  version: 4,
  createdAt: '2024-05-01T10:00:00Z',
  updatedAt: '2024-05-02T10:00:00Z',
  updatedBy: 'user:default/ana',
};

/** Saves as the backend would: the config comes back as the next version. */
const savingAsBackend: IncomingCallApi['saveIntegration'] = async (
  _team,
  config,
  version,
) => ({ ...stored, config, version: version + 1 });

const saveButton = () => screen.getByRole('button', { name: 'Save' });
const list = (name = 'Recipients') =>
  within(screen.getByRole('list', { name }));
const listedNames = (name = 'Recipients') =>
  list(name)
    .getAllByRole('listitem')
    .map(item => item.querySelector('.MuiListItemText-primary')?.textContent);

async function pick(searchLabel: string, typed: string, option: string) {
  await userEvent.type(screen.getByLabelText(searchLabel), typed);
  await userEvent.click(await screen.findByText(option));
}

describe('the recipient picker', () => {
  beforeEach(() => {
    usePermissionMock.mockReturnValue({ loading: false, allowed: true });
  });

  it('finds recipients by display name, adds them by name and kind, and saves their refs', async () => {
    const api = mockIncomingCallApi({
      saveIntegration: jest.fn(savingAsBackend),
    });
    await renderEditorForTeam(api);

    await userEvent.type(
      screen.getByLabelText('Add to recipients by name'),
      'diaz',
    );
    const option = await screen.findByText('Carol Diaz');
    expect(screen.getByText('User · user:default/carol')).toBeInTheDocument();
    await userEvent.click(option);

    expect(listedNames()).toEqual(['1. Platform', '2. Carol Diaz']);
    expect(list().getByText('User')).toBeInTheDocument();
    expect(screen.getByLabelText('Add to recipients by name')).toHaveValue('');

    // Only users, teams, schedules and escalations are offered.
    await userEvent.type(
      screen.getByLabelText('Add to recipients by name'),
      'bob',
    );
    expect(await screen.findByText('Bob Stone')).toBeInTheDocument();
    expect(screen.queryByText('Bob billing service')).not.toBeInTheDocument();

    await userEvent.click(saveButton());
    expect(await screen.findByText('Saved')).toBeInTheDocument();
    expect(api.saveIntegration).toHaveBeenCalledWith(
      team,
      expect.objectContaining({
        recipients: ['group:default/platform', 'user:default/carol'],
      }),
      NO_INTEGRATION_VERSION,
    );
  });

  it('reorders recipients with the keyboard and says where they went', async () => {
    const api = mockIncomingCallApi({
      getIntegration: jest.fn().mockResolvedValue({
        ...stored,
        config: {
          ...defaults,
          recipients: [
            'schedule:default/platform-primary',
            'user:default/ana',
            'escalation:default/platform-escalation',
          ],
        },
      }),
      saveIntegration: jest.fn(savingAsBackend),
    });
    await renderEditorForTeam(api);
    await list().findByText('2. Ana Lopez');

    act(() =>
      screen.getByRole('button', { name: 'Move Ana Lopez up' }).focus(),
    );
    await userEvent.keyboard('{Enter}');
    expect(listedNames()).toEqual([
      '1. Ana Lopez',
      '2. Platform primary',
      '3. Platform escalation',
    ]);
    expect(
      screen.getByText('Ana Lopez moved to position 1 of 3'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Move Ana Lopez up' }),
    ).toBeDisabled();

    act(() =>
      screen
        .getByRole('button', { name: 'Move Platform primary down' })
        .focus(),
    );
    await userEvent.keyboard(' ');
    expect(listedNames()).toEqual([
      '1. Ana Lopez',
      '2. Platform escalation',
      '3. Platform primary',
    ]);

    await userEvent.click(
      screen.getByRole('button', { name: 'Remove Platform escalation' }),
    );
    await userEvent.click(saveButton());
    await screen.findByText('Saved');
    expect(api.saveIntegration).toHaveBeenCalledWith(
      team,
      expect.objectContaining({
        recipients: ['user:default/ana', 'schedule:default/platform-primary'],
      }),
      4,
    );
  });

  it('reorders recipients by dragging one onto another', async () => {
    const api = mockIncomingCallApi({
      getIntegration: jest.fn().mockResolvedValue({
        ...stored,
        config: {
          ...defaults,
          recipients: ['user:default/ana', 'user:default/bob'],
        },
      }),
    });
    await renderEditorForTeam(api);
    await list().findByText('2. Bob Stone');
    const [first, second] = list().getAllByRole('listitem');

    fireEvent.dragStart(second, { dataTransfer: { setData: jest.fn() } });
    fireEvent.dragOver(first);
    fireEvent.drop(first);

    expect(listedNames()).toEqual(['1. Bob Stone', '2. Ana Lopez']);
  });

  it('says which stored recipient the catalog does not know', async () => {
    const api = mockIncomingCallApi({
      getIntegration: jest.fn().mockResolvedValue({
        ...stored,
        config: { ...defaults, recipients: ['user:default/ghost'] },
      }),
    });
    await renderEditorForTeam(api);

    expect(
      await screen.findByText(
        'user:default/ghost is not in the catalog: nobody would be rung',
      ),
    ).toBeInTheDocument();
  });

  it('shows the server refusing an unknown recipient on its row', async () => {
    const api = mockIncomingCallApi({
      saveIntegration: jest.fn().mockRejectedValue(
        await responseError(400, {
          name: 'InputError',
          message: 'recipients.0: There is no group group:default/platform',
          problems: [
            {
              path: 'recipients.0',
              message:
                'There is no group group:default/platform in the catalog',
            },
          ],
        }),
      ),
    });
    await renderEditorForTeam(api);
    await userEvent.click(saveButton());

    expect(
      await list().findByText(
        'There is no group group:default/platform in the catalog',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('Saved')).not.toBeInTheDocument();
  });

  it('picks the recipients of each menu option the same way', async () => {
    const api = mockIncomingCallApi({
      saveIntegration: jest.fn(savingAsBackend),
    });
    await renderEditorForTeam(api);

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Auto-attendant' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Add option' }));
    await userEvent.type(screen.getByLabelText('Option 1 label'), 'Billing');
    await pick('Add to option 1 recipients by name', 'bob', 'Bob Stone');
    await pick(
      'Add to option 1 recipients by name',
      'primary',
      'Platform primary',
    );
    act(() =>
      screen.getByRole('button', { name: 'Move Platform primary up' }).focus(),
    );
    await userEvent.keyboard('{Enter}');
    expect(listedNames('Option 1 recipients')).toEqual([
      '1. Platform primary',
      '2. Bob Stone',
    ]);

    await userEvent.click(saveButton());
    await screen.findByText('Saved');
    expect(api.saveIntegration.mock.calls[0][1].autoAttendant.options).toEqual([
      {
        key: '0',
        label: 'Billing',
        recipients: ['schedule:default/platform-primary', 'user:default/bob'],
      },
    ]);
  });
});

describe('saving safely', () => {
  beforeEach(() => {
    usePermissionMock.mockReturnValue({ loading: false, allowed: true });
  });

  const carolsChange = {
    version: 5,
    updatedAt: '2024-05-03T09:30:00Z',
    updatedBy: 'user:default/carol',
    updatedByName: 'Carol Diaz',
  };
  const staleVersion = () =>
    responseError(409, {
      name: 'ConflictError',
      message: 'The integration was changed by Carol Diaz',
      change: carolsChange,
    });

  it('offers to reload the version someone else saved', async () => {
    const carols = {
      ...stored,
      version: 5,
      config: { ...defaults, name: 'Carol’s hotline' },
      updatedBy: 'user:default/carol',
    };
    const api = mockIncomingCallApi({
      getIntegration: jest
        .fn()
        .mockResolvedValueOnce(stored)
        .mockResolvedValue(carols),
      saveIntegration: jest.fn().mockRejectedValue(await staleVersion()),
    });
    await renderEditorForTeam(api);

    await userEvent.type(screen.getByLabelText('Name'), ' (mine)');
    await userEvent.click(saveButton());

    expect(await screen.findByText('Changed by someone else')).toBeVisible();
    expect(
      screen.getByText(/Carol Diaz saved this integration at/),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Reload their version' }),
    );

    await waitFor(() =>
      expect(screen.getByLabelText('Name')).toHaveValue('Carol’s hotline'),
    );
    expect(
      screen.queryByText('Changed by someone else'),
    ).not.toBeInTheDocument();
    expect(screen.queryByText('Unsaved changes')).not.toBeInTheDocument();
    expect(api.saveIntegration).toHaveBeenCalledTimes(1);
  });

  it('overwrites the other change when told to, against its version', async () => {
    const api = mockIncomingCallApi({
      getIntegration: jest.fn().mockResolvedValue(stored),
      saveIntegration: jest
        .fn()
        .mockRejectedValueOnce(await staleVersion())
        .mockImplementation(savingAsBackend),
    });
    await renderEditorForTeam(api);

    await userEvent.type(screen.getByLabelText('Name'), ' (mine)');
    await userEvent.click(saveButton());
    await userEvent.click(
      await screen.findByRole('button', { name: 'Overwrite with mine' }),
    );

    expect(await screen.findByText('Saved')).toBeInTheDocument();
    const mine = { ...defaults, name: 'Platform hotline (mine)' };
    expect(api.saveIntegration.mock.calls).toEqual([
      [team, mine, 4],
      [team, mine, 5],
    ]);
  });

  it('marks unsaved changes until they are saved or discarded', async () => {
    const api = mockIncomingCallApi({
      getIntegration: jest.fn().mockResolvedValue(stored),
      saveIntegration: jest.fn(savingAsBackend),
    });
    await renderEditorForTeam(api);
    expect(screen.queryByText('Unsaved changes')).not.toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Name'), '!');
    expect(screen.getByText('Unsaved changes')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Discard changes' }),
    );
    expect(screen.getByLabelText('Name')).toHaveValue('Platform hotline');
    expect(screen.queryByText('Unsaved changes')).not.toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Name'), '!');
    await userEvent.click(saveButton());
    await screen.findByText('Saved');
    expect(screen.queryByText('Unsaved changes')).not.toBeInTheDocument();
  });

  it('asks before leaving with unsaved changes, by a link or by closing the page', async () => {
    function WhereAmI() {
      return <span>At {useLocation().pathname}</span>;
    }
    const api = mockIncomingCallApi({
      getIntegration: jest.fn().mockResolvedValue(stored),
    });
    await renderEditorForTeam(api, {
      before: (
        <>
          <Link to="/call-alerts">Call alerts</Link>
          <WhereAmI />
        </>
      ),
    });
    const unload = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(unload()).toBe(false);

    await userEvent.type(screen.getByLabelText('Name'), '!');
    expect(unload()).toBe(true);

    await userEvent.click(screen.getByRole('link', { name: 'Call alerts' }));
    expect(
      await screen.findByRole('dialog', { name: 'Leave without saving?' }),
    ).toBeInTheDocument();
    expect(screen.getByText('At /')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Stay and keep editing' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(screen.getByLabelText('Name')).toHaveValue('Platform hotline!');

    await userEvent.click(screen.getByRole('link', { name: 'Call alerts' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Leave and discard changes' }),
    );
    expect(await screen.findByText('At /call-alerts')).toBeInTheDocument();
  });

  it('says the range of the ring timeout in words', async () => {
    await renderEditorForTeam(mockIncomingCallApi());

    const ringTimeout = screen.getByLabelText('Ring timeout (seconds)');
    await userEvent.clear(ringTimeout);
    await userEvent.type(ringTimeout, '5');

    expect(
      screen.getByText('Ring timeout must be between 10 and 60 seconds'),
    ).toBeInTheDocument();
    expect(saveButton()).toBeDisabled();
  });
});

describe('the blocklist', () => {
  beforeEach(() => {
    usePermissionMock.mockReturnValue({ loading: false, allowed: true });
  });

  const entryField = () => screen.getByLabelText('Number or prefix to block');
  const blockButton = () => screen.getByRole('button', { name: 'Block' });

  it('explains a bad entry and does not add it', async () => {
    await renderEditorForTeam(mockIncomingCallApi());

    await userEvent.type(entryField(), '49301*23');
    await userEvent.click(blockButton());

    expect(
      screen.getByText(
        'A blocklist entry starts with + (e.g. +4930123 or +1900*)',
      ),
    ).toBeInTheDocument();
    expect(entryField()).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('No numbers are blocked.')).toBeInTheDocument();
  });

  it('adds a narrow prefix at once, and asks before a prefix that blocks a whole country', async () => {
    const api = mockIncomingCallApi({
      saveIntegration: jest.fn(savingAsBackend),
    });
    await renderEditorForTeam(api);
    const blocked = () =>
      within(screen.getByRole('list', { name: 'Blocked numbers' }));

    await userEvent.type(entryField(), '+1900*{enter}');
    expect(blocked().getByText('+1900*')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    await userEvent.type(entryField(), '+1*');
    await userEvent.click(blockButton());
    const dialog = await screen.findByRole('dialog', { name: 'Block +1*?' });
    expect(
      within(dialog).getByText(
        /\+1\* blocks every caller from country code \+1 \(all of North America\)/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(blocked().queryByText('+1*')).not.toBeInTheDocument();

    await userEvent.click(blockButton());
    await userEvent.click(
      await screen.findByRole('button', { name: 'Block all of them' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(blocked().getByText('+1*')).toBeInTheDocument();

    await userEvent.click(saveButton());
    await screen.findByText('Saved');
    expect(api.saveIntegration.mock.calls[0][1].blocklist).toEqual([
      '+1900*',
      '+1*',
    ]);
  });
});
