import type {
  DialPlan,
  IntegrationDialPlan,
  TeamOnCall,
} from '@icr/plugin-incoming-call-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  mockIncomingCallApi,
  renderForTeam,
  responseError,
} from '../../__testUtils__/renderForTeam';
import { OnCallPreview } from './OnCallPreview';

// Typing into MUI fields is slow on a loaded 2-core CI machine.
jest.setTimeout(20_000);

const platform = { namespace: 'default', name: 'platform' };

const onCall: TeamOnCall = {
  teamRef: 'group:default/platform',
  at: '2024-05-02T10:00:00.000Z',
  routingTarget: 'schedule:default/platform-primary',
  plan: { tiers: [], skipped: [], voicemailOnly: false },
  schedules: [
    {
      scheduleRef: 'schedule:default/platform-primary',
      displayName: 'Platform primary',
      timeZone: 'America/New_York',
      layers: ['Weekly'],
      at: '2024-05-02T10:00:00.000Z',
      onCall: [{ participant: 'user:default/carol', source: 'Weekly' }],
      plan: { tiers: [], skipped: [], voicemailOnly: false },
    },
    {
      scheduleRef: 'schedule:default/platform-secondary',
      displayName: 'Platform secondary',
      timeZone: 'Europe/Berlin',
      layers: ['Weekly'],
      at: '2024-05-02T10:00:00.000Z',
      onCall: [],
      plan: { tiers: [], skipped: [], voicemailOnly: false },
    },
  ],
};

const plan: DialPlan = {
  tiers: [
    {
      pass: 0,
      delayMinutes: 0,
      users: [
        {
          userRef: 'user:default/carol',
          displayName: 'Carol Chen',
          phone: '+14155550101',
          reason: 'on call for Platform primary (Weekly)',
        },
        {
          userRef: 'user:default/erin',
          displayName: 'Erin Eve',
          phone: '+14155550103',
          reason: 'a recipient of the integration',
        },
      ],
    },
    {
      pass: 0,
      delayMinutes: 5,
      users: [
        {
          userRef: 'user:default/dave',
          displayName: 'Dave Diaz',
          phone: '+14155550102',
          reason: 'Platform escalation, rule 2',
        },
      ],
    },
    {
      pass: 1,
      delayMinutes: 0,
      users: [
        {
          userRef: 'user:default/carol',
          displayName: 'Carol Chen',
          phone: '+14155550101',
          reason: 'Platform escalation, rule 1 (repeat 1)',
        },
      ],
    },
  ],
  skipped: [],
  voicemailOnly: false,
};

/** The plan of an integration without an auto-attendant, 25 s a ring. */
const recipientsPlan = (recipients: DialPlan): IntegrationDialPlan => ({
  ringTimeoutSeconds: 25,
  recipients,
  menuOptions: [],
});

const oneUserPlan = (displayName: string, phone: string): DialPlan => ({
  tiers: [
    {
      pass: 0,
      delayMinutes: 0,
      users: [
        {
          userRef: `user:default/${displayName.toLowerCase()}`,
          displayName,
          phone,
          reason: 'a recipient of the option',
        },
      ],
    },
  ],
  skipped: [],
  voicemailOnly: false,
});

function renderPreview(api = mockIncomingCallApi()) {
  return renderForTeam(
    <OnCallPreview
      team={platform}
      teamTitle="Platform"
      savedAt="2024-05-02T10:00:00Z"
    />,
    api,
  );
}

const itemsOf = (list: HTMLElement) =>
  within(list)
    .getAllByRole('listitem')
    .map(item => item.textContent);

describe('OnCallPreview', () => {
  it("shows who is on call for the team's schedules and where calls go", async () => {
    const api = mockIncomingCallApi({
      getTeamOnCall: jest.fn().mockResolvedValue(onCall),
    });
    await renderPreview(api);

    expect(screen.getByText('Who is on call')).toBeInTheDocument();
    const schedules = await screen.findByRole('list', {
      name: 'On-call schedules',
    });
    expect(itemsOf(schedules)).toEqual([
      'Platform primary (America/New_York)carol (Weekly)',
      'Platform secondary (Europe/Berlin)Nobody is on call',
    ]);
    expect(
      screen.getByText(/Calls routed to Platform go to/),
    ).toHaveTextContent('Calls routed to Platform go to platform-primary.');
    expect(api.getTeamOnCall).toHaveBeenCalledWith(platform);
  });

  it('shows the tiers of the dial plan in order: one after another, the ring timeout, the delays', async () => {
    const api = mockIncomingCallApi({
      getDialPlan: jest.fn().mockResolvedValue(recipientsPlan(plan)),
    });
    await renderPreview(api);

    expect(screen.getByText('If someone calls')).toBeInTheDocument();
    const first = await screen.findByRole('list', {
      name: 'First: one after another in random order, each rung for 25 s',
    });
    expect(itemsOf(first)).toEqual([
      'Carol Chenon call for Platform primary (Weekly)',
      'Erin Evea recipient of the integration',
    ]);
    expect(
      itemsOf(
        screen.getByRole('list', { name: 'Then after 5 min: rung for 25 s' }),
      ),
    ).toEqual(['Dave DiazPlatform escalation, rule 2']);
    expect(
      itemsOf(
        screen.getByRole('list', { name: 'Then repeat 1: rung for 25 s' }),
      ),
    ).toEqual(['Carol ChenPlatform escalation, rule 1 (repeat 1)']);
    expect(
      screen.getAllByText(/^(First|Then)/).map(l => l.textContent),
    ).toEqual([
      'First: one after another in random order, each rung for 25 s',
      'Then after 5 min: rung for 25 s',
      'Then repeat 1: rung for 25 s',
    ]);
    expect(screen.queryByText(/At once/)).not.toBeInTheDocument();
    expect(
      screen.getByText("Delays count from the first responder's ring."),
    ).toBeInTheDocument();
  });

  it('shows a plan per menu option, * included, when the auto-attendant decides', async () => {
    const api = mockIncomingCallApi({
      getDialPlan: jest.fn().mockResolvedValue({
        ringTimeoutSeconds: 30,
        recipients: null,
        menuOptions: [
          {
            key: '1',
            label: 'Outages',
            plan: oneUserPlan('Dave', '+14155550102'),
          },
          {
            key: '*',
            label: 'Anything else',
            plan: oneUserPlan('Erin', '+14155550103'),
          },
        ],
      } satisfies IntegrationDialPlan),
    });
    await renderPreview(api);

    const outages = await screen.findByRole('region', {
      name: 'Press 1: Outages',
    });
    expect(
      itemsOf(
        within(outages).getByRole('list', {
          name: 'First: rung for 30 s',
        }),
      ),
    ).toEqual(['Davea recipient of the option']);
    const anythingElse = screen.getByRole('region', {
      name: 'Any other key: Anything else',
    });
    expect(within(anythingElse).getByText('Erin')).toBeInTheDocument();
    expect(within(outages).queryByText('Erin')).not.toBeInTheDocument();
    expect(screen.getByText(/The auto-attendant asks/)).toBeInTheDocument();
  });

  it("names the reader's time zone at the call time", async () => {
    await renderPreview();

    expect(
      screen.getByText(
        `In your time zone, ${
          new Intl.DateTimeFormat().resolvedOptions().timeZone
        }`,
      ),
    ).toBeInTheDocument();
  });

  it('previews a call at the time picked', async () => {
    const api = mockIncomingCallApi({
      getDialPlan: jest.fn().mockResolvedValue(recipientsPlan(plan)),
    });
    await renderPreview(api);
    const delayed = { name: 'Then after 5 min: rung for 25 s' };
    await screen.findByRole('list', delayed);

    fireEvent.change(screen.getByLabelText('Call time'), {
      target: { value: '2024-05-04T21:30' },
    });

    await waitFor(() => expect(api.getDialPlan).toHaveBeenCalledTimes(2));
    const [team, at] = api.getDialPlan.mock.calls[1];
    expect(team).toEqual(platform);
    // The field is in the reader's time zone.
    expect(at?.toISOString()).toBe(new Date(2024, 4, 4, 21, 30).toISOString());
    expect(await screen.findByRole('list', delayed)).toBeInTheDocument();
  });

  it('starts at the current time', async () => {
    const api = mockIncomingCallApi();
    const before = Date.now();
    await renderPreview(api);

    const at = api.getDialPlan.mock.calls[0][1]!;
    expect(at.getTime()).toBeGreaterThanOrEqual(before);
    expect(at.getTime()).toBeLessThanOrEqual(Date.now());
    expect((screen.getByLabelText('Call time') as HTMLInputElement).value).toBe(
      `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(
        2,
        '0',
      )}-${String(at.getDate()).padStart(2, '0')}T${String(
        at.getHours(),
      ).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`,
    );
  });

  it('asks to save the integration when the team has none', async () => {
    await renderPreview();

    expect(
      await screen.findByText(
        'Save the integration to see who a call would ring.',
      ),
    ).toBeInTheDocument();
  });

  it('says when a call goes straight to voicemail', async () => {
    await renderPreview(
      mockIncomingCallApi({
        getDialPlan: jest
          .fn()
          .mockResolvedValue(
            recipientsPlan({ tiers: [], skipped: [], voicemailOnly: true }),
          ),
      }),
    );

    expect(
      await screen.findByText(/^Voicemail only: nobody is dialled/),
    ).toBeInTheDocument();
  });

  it('lists the users who cannot be dialled and why', async () => {
    await renderPreview(
      mockIncomingCallApi({
        getDialPlan: jest.fn().mockResolvedValue(
          recipientsPlan({
            ...plan,
            skipped: [
              {
                userRef: 'user:default/oscar',
                reason: 'has no phone number in the catalog',
              },
              { userRef: 'user:default/gone', reason: 'is not in the catalog' },
            ],
          }),
        ),
      }),
    );

    expect(
      itemsOf(await screen.findByRole('list', { name: 'Not dialled' })),
    ).toEqual([
      'oscar: has no phone number in the catalog',
      'gone: is not in the catalog',
    ]);
  });

  it('shows a failure to load', async () => {
    await renderPreview(
      mockIncomingCallApi({
        getDialPlan: jest.fn().mockRejectedValue(
          await responseError(400, {
            name: 'InputError',
            message: 'at is a date and time in ISO 8601',
          }),
        ),
      }),
    );

    expect(
      (await screen.findAllByText(/at is a date and time in ISO 8601/)).length,
    ).toBeGreaterThan(0);
  });
});
