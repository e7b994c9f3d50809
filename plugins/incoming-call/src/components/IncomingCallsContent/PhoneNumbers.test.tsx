import { usePermission } from '@backstage/plugin-permission-react';
import {
  type AvailableNumber,
  defaultIntegrationConfig,
  incomingCallNumberManagePermission,
  type Integration,
  type NumberCountry,
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

// The whole tab renders, and typing into MUI fields is slow on a loaded
// 2-core CI machine.
jest.setTimeout(60_000);

jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: jest.fn(),
}));

const usePermissionMock = usePermission as jest.MockedFunction<
  typeof usePermission
>;

// No pause between keystrokes: the page is large and the machine loaded.
const userEvent = userEventApi.setup({ delay: null });

const platform = { namespace: 'default', name: 'platform' };

const countries: NumberCountry[] = [
  { code: 'DE', name: 'Germany', types: ['local', 'mobile'] },
  { code: 'US', name: 'United States', types: ['local', 'toll-free'] },
];

const sanFrancisco: AvailableNumber = {
  number: '+14155550150',
  friendlyName: '(415) 555-0150',
  locality: 'San Francisco',
  region: 'CA',
  country: 'US',
  type: 'local',
  capabilities: { voice: true, sms: true, mms: false },
  monthlyPrice: { amount: 10, currency: 'USD' },
};

const oakland: AvailableNumber = {
  ...sanFrancisco,
  number: '+14155550151',
  friendlyName: '(415) 555-0151',
  locality: 'Oakland',
  monthlyPrice: { amount: 1.15, currency: 'USD' },
};

const storedIntegration: Integration = {
  id: 'integration-1',
  teamRef: 'group:default/platform',
  config: {
    ...defaultIntegrationConfig({
      ref: 'group:default/platform',
      title: 'Platform',
    }),
    numbers: [
      {
        number: '+14155550100',
        country: 'US',
        source: 'purchased',
        sid: 'PN1',
      },
      {
        number: '+4930123456',
        country: 'DE',
        source: 'attached',
        sid: 'PN2',
      },
    ],
  },
  version: 4,
  createdAt: '2024-05-01T10:00:00Z',
  updatedAt: '2024-05-02T10:00:00Z',
  updatedBy: 'user:default/ana',
};

/** A save that stores the config as sent. */
const savesAsSent = () =>
  jest.fn<
    ReturnType<IncomingCallApi['saveIntegration']>,
    Parameters<IncomingCallApi['saveIntegration']>
  >(async (_team, config) => ({ ...storedIntegration, config }));

const numberList = () =>
  within(screen.getByRole('list', { name: 'Phone numbers' }));
const search = () =>
  within(screen.getByRole('form', { name: 'Find a number to buy' }));

async function searchUsNumbers(areaCode?: string) {
  await userEvent.click(screen.getByRole('button', { name: 'Buy a number' }));
  await userEvent.click(search().getByLabelText('Country'));
  await userEvent.type(search().getByLabelText('Country'), 'Uni');
  await userEvent.click(
    await screen.findByRole('option', { name: /United States/ }),
  );
  if (areaCode) {
    await userEvent.type(search().getByLabelText('Area code'), areaCode);
  }
  await userEvent.click(
    search().getByRole('button', { name: 'Search numbers' }),
  );
}

describe('The phone numbers of an integration', () => {
  beforeEach(() => {
    usePermissionMock.mockReturnValue({ loading: false, allowed: true });
  });

  it('asks whether the user may buy numbers for the team', async () => {
    await renderEditorForTeam(mockIncomingCallApi());

    expect(usePermissionMock).toHaveBeenCalledWith({
      permission: incomingCallNumberManagePermission,
      resourceRef: 'group:default/platform',
    });
  });

  it('finds numbers in a country the provider serves, with capabilities and price, and buys the one picked on save', async () => {
    const api = mockIncomingCallApi({
      listNumberCountries: jest.fn().mockResolvedValue(countries),
      searchAvailableNumbers: jest
        .fn()
        .mockResolvedValue([sanFrancisco, oakland]),
      saveIntegration: savesAsSent(),
    });
    await renderEditorForTeam(api);

    await userEvent.click(screen.getByRole('button', { name: 'Buy a number' }));
    await userEvent.click(search().getByLabelText('Country'));
    // The country list is the one served, not free text.
    expect(
      within(await screen.findByRole('listbox'))
        .getAllByRole('option')
        .map(option => option.textContent),
    ).toEqual(['🇩🇪 Germany', '🇺🇸 United States']);
    await userEvent.click(
      screen.getByRole('option', { name: /United States/ }),
    );
    // The types the country has.
    const type = search().getByLabelText('Type') as HTMLSelectElement;
    expect([...type.options].map(option => option.textContent)).toEqual([
      'Local',
      'Toll-free',
    ]);
    await userEvent.type(search().getByLabelText('Area code'), '415');
    await userEvent.click(
      search().getByRole('button', { name: 'Search numbers' }),
    );

    expect(api.searchAvailableNumbers).toHaveBeenCalledWith(platform, {
      country: 'US',
      type: 'local',
      areaCode: '415',
      contains: undefined,
    });
    const results = within(
      await screen.findByRole('table', { name: 'Numbers to buy' }),
    );
    const sfRow = within(
      results.getByRole('row', { name: /\+1 415 555 0150/ }),
    );
    expect(sfRow.getByText('San Francisco, CA')).toBeInTheDocument();
    expect(sfRow.getByText('Voice')).toBeInTheDocument();
    expect(sfRow.getByText('SMS')).toBeInTheDocument();
    expect(sfRow.queryByText('MMS')).not.toBeInTheDocument();
    expect(sfRow.getByText('$10.00')).toBeInTheDocument();

    await userEvent.click(
      results.getByRole('button', { name: 'Choose +1 415 555 0151' }),
    );

    expect(
      numberList().getByText('Bought when you save, $1.15 a month'),
    ).toBeInTheDocument();
    // Picked, it is no longer offered.
    expect(
      results.queryByRole('button', { name: 'Choose +1 415 555 0151' }),
    ).not.toBeInTheDocument();
    const save = screen.getByRole('button', {
      name: 'Save and buy +1 415 555 0151 for $1.15 a month',
    });

    await userEvent.click(save);

    expect(await screen.findByText('Saved')).toBeInTheDocument();
    expect(api.saveIntegration).toHaveBeenCalledWith(
      platform,
      expect.objectContaining({
        numbers: [{ number: '+14155550151', country: 'US', source: 'buy' }],
      }),
      NO_INTEGRATION_VERSION,
    );
  });

  it('says what several numbers bought on save cost a month together', async () => {
    const api = mockIncomingCallApi({
      listNumberCountries: jest.fn().mockResolvedValue(countries),
      searchAvailableNumbers: jest
        .fn()
        .mockResolvedValue([sanFrancisco, oakland]),
    });
    await renderEditorForTeam(api);

    await searchUsNumbers();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Choose +1 415 555 0150' }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Choose +1 415 555 0151' }),
    );

    expect(
      screen.getByRole('button', {
        name: 'Save and buy 2 numbers for $11.15 a month',
      }),
    ).toBeEnabled();

    await userEvent.click(
      numberList().getByRole('button', { name: 'Remove +1 415 555 0150' }),
    );
    expect(
      screen.getByRole('button', {
        name: 'Save and buy +1 415 555 0151 for $1.15 a month',
      }),
    ).toBeEnabled();
  });

  it('shows a save refused past the cap of numbers (409) and keeps the pick', async () => {
    const api = mockIncomingCallApi({
      listNumberCountries: jest.fn().mockResolvedValue(countries),
      searchAvailableNumbers: jest.fn().mockResolvedValue([sanFrancisco]),
      saveIntegration: jest.fn().mockRejectedValue(
        await responseError(409, {
          name: 'ConflictError',
          message:
            'Platform holds 3 numbers, the most a team may (incomingCall.numbers.maxPerTeam)',
        }),
      ),
    });
    await renderEditorForTeam(api);

    await searchUsNumbers();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Choose +1 415 555 0150' }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: /^Save and buy/ }),
    );

    expect(
      await screen.findByText(
        'Platform holds 3 numbers, the most a team may (incomingCall.numbers.maxPerTeam)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Phone numbers refused')).toBeInTheDocument();
    expect(screen.queryByText('Saved')).not.toBeInTheDocument();
    expect(numberList().getByText('🇺🇸 +1 415 555 0150')).toBeInTheDocument();
  });

  it("shows a search refused without the permission (403) in the team owner's words", async () => {
    const api = mockIncomingCallApi({
      listNumberCountries: jest.fn().mockResolvedValue(countries),
      searchAvailableNumbers: jest.fn().mockRejectedValue(
        await responseError(403, {
          name: 'NotAllowedError',
          message: 'Only the owners of Platform may buy its numbers',
        }),
      ),
    });
    await renderEditorForTeam(api);

    await searchUsNumbers('415');

    expect(
      await screen.findByText(
        'You may not buy or release numbers for this team (Only the owners of Platform may buy its numbers)',
      ),
    ).toBeInTheDocument();
  });

  it('says that nothing matched a search', async () => {
    const api = mockIncomingCallApi({
      listNumberCountries: jest.fn().mockResolvedValue(countries),
      searchAvailableNumbers: jest.fn().mockResolvedValue([]),
    });
    await renderEditorForTeam(api);

    await searchUsNumbers('999');

    expect(
      await screen.findByText(/No local numbers match/),
    ).toBeInTheDocument();
  });

  it("attaches a number the account has, and not one another team's integration routes to", async () => {
    const api = mockIncomingCallApi({
      listOwnedNumbers: jest.fn().mockResolvedValue([
        {
          number: '+14155550160',
          sid: 'PN160',
          friendlyName: 'Old support line',
          capabilities: { voice: true, sms: false, mms: false },
          voiceUrl: 'https://example.com/ivr',
        },
        {
          number: '+14155550161',
          sid: 'PN161',
          friendlyName: 'Payments line',
          country: 'US',
          capabilities: { voice: true, sms: false, mms: false },
          voiceUrl:
            'https://backstage.example.com/api/incoming-call/webhooks/voice',
          teamRef: 'group:default/payments',
        },
      ]),
      saveIntegration: savesAsSent(),
    });
    await renderEditorForTeam(api);

    await userEvent.click(
      screen.getByRole('button', { name: 'Attach a number you have' }),
    );
    const owned = within(
      await screen.findByRole('table', { name: "The account's numbers" }),
    );
    expect(
      within(owned.getByRole('row', { name: /Payments line/ })).getByText(
        'In use',
      ),
    ).toBeInTheDocument();
    expect(
      owned.queryByRole('button', { name: 'Attach +1 415 555 0161' }),
    ).not.toBeInTheDocument();

    await userEvent.click(
      owned.getByRole('button', { name: 'Attach +1 415 555 0160' }),
    );
    expect(
      numberList().getByText('Attached when you save'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Saved')).toBeInTheDocument();
    expect(api.saveIntegration).toHaveBeenCalledWith(
      platform,
      expect.objectContaining({
        numbers: [{ number: '+14155550160', country: 'US', source: 'attach' }],
      }),
      NO_INTEGRATION_VERSION,
    );
  });

  it('shows the stored numbers formatted, with what deleting does to each, and that a disabled integration still pays for them', async () => {
    const api = mockIncomingCallApi({
      getIntegration: jest.fn().mockResolvedValue({
        ...storedIntegration,
        config: { ...storedIntegration.config, enabled: false },
      }),
    });
    await renderEditorForTeam(api);

    expect(numberList().getByText('🇺🇸 +1 415 555 0100')).toBeInTheDocument();
    expect(
      numberList().getByText(
        'Bought for this integration: released when it is deleted',
      ),
    ).toBeInTheDocument();
    expect(numberList().getByText('🇩🇪 +49 30 123456')).toBeInTheDocument();
    expect(
      screen.getByText(/its numbers are kept and still billed/),
    ).toBeInTheDocument();
  });

  it('lets a user without the permission see the numbers but not buy any', async () => {
    usePermissionMock.mockImplementation(({ permission }) => ({
      loading: false,
      allowed: permission.name !== incomingCallNumberManagePermission.name,
    }));
    await renderEditorForTeam(
      mockIncomingCallApi({
        getIntegration: jest.fn().mockResolvedValue(storedIntegration),
      }),
    );

    expect(numberList().getByText('🇺🇸 +1 415 555 0100')).toBeInTheDocument();
    expect(
      screen.getByText(
        'You may not buy or attach numbers for this team; its owners can.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Buy a number' }),
    ).not.toBeInTheDocument();
  });
});

describe('Deleting an integration', () => {
  beforeEach(() => {
    usePermissionMock.mockReturnValue({ loading: false, allowed: true });
  });

  it('lists the numbers released and those restored, deletes on confirm, and shows the team without an integration', async () => {
    const api = mockIncomingCallApi({
      getIntegration: jest.fn().mockResolvedValue(storedIntegration),
      deleteIntegration: jest.fn().mockResolvedValue({
        released: ['+14155550100'],
        restored: ['+4930123456'],
      }),
    });
    await renderEditorForTeam(api);

    await userEvent.click(
      screen.getByRole('button', { name: 'Delete integration' }),
    );
    const dialog = within(screen.getByRole('dialog'));
    expect(
      dialog.getByRole('heading', { name: 'Delete Platform hotline?' }),
    ).toBeInTheDocument();
    expect(
      within(dialog.getByRole('list', { name: 'Numbers released' }))
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['🇺🇸 +1 415 555 0100']);
    expect(
      within(dialog.getByRole('list', { name: 'Numbers restored' }))
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['🇩🇪 +49 30 123456']);

    await userEvent.click(
      dialog.getByRole('button', { name: 'Delete and release 1 number' }),
    );

    expect(api.deleteIntegration).toHaveBeenCalledWith(platform);
    expect(
      await screen.findByText(/Platform has no integration yet/),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      screen.queryByRole('button', { name: 'Delete integration' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(
        'The team has no phone numbers yet, so no calls reach it.',
      ),
    ).toBeInTheDocument();
  });

  it('deletes nothing when cancelled', async () => {
    const api = mockIncomingCallApi({
      getIntegration: jest.fn().mockResolvedValue(storedIntegration),
    });
    await renderEditorForTeam(api);

    await userEvent.click(
      screen.getByRole('button', { name: 'Delete integration' }),
    );
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Cancel',
      }),
    );

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.deleteIntegration).not.toHaveBeenCalled();
    expect(numberList().getByText('🇺🇸 +1 415 555 0100')).toBeInTheDocument();
  });

  it('shows why the server refused the deletion and keeps the integration', async () => {
    const api = mockIncomingCallApi({
      getIntegration: jest.fn().mockResolvedValue(storedIntegration),
      deleteIntegration: jest.fn().mockRejectedValue(
        await responseError(403, {
          name: 'NotAllowedError',
          message: 'Only the owners of Platform may release its numbers',
        }),
      ),
    });
    await renderEditorForTeam(api);

    await userEvent.click(
      screen.getByRole('button', { name: 'Delete integration' }),
    );
    const dialog = within(screen.getByRole('dialog'));
    await userEvent.click(
      dialog.getByRole('button', { name: /^Delete and release/ }),
    );

    expect(
      await dialog.findByText(
        'You may not buy or release numbers for this team (Only the owners of Platform may release its numbers)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/has no integration yet/),
    ).not.toBeInTheDocument();
  });
});
