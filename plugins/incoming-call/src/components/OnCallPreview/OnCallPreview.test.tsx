import type { DialPlan, TeamOnCall } from '@icr/plugin-incoming-call-common';
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
      at: '2024-05-02T10:00:00.000Z',
      onCall: [{ participant: 'user:default/carol', source: 'Weekly' }],
      plan: { tiers: [], skipped: [], voicemailOnly: false },
    },
    {
      scheduleRef: 'schedule:default/platform-secondary',
      displayName: 'Platform secondary',
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
      'Platform primarycarol (Weekly)',
      'Platform secondaryNobody is on call',
    ]);
    expect(
      screen.getByText(/Calls routed to Platform go to/),
    ).toHaveTextContent('Calls routed to Platform go to platform-primary.');
    expect(api.getTeamOnCall).toHaveBeenCalledWith(platform);
  });

  it('shows the tiers of the dial plan in order, each user with the reason', async () => {
    const api = mockIncomingCallApi({
      getDialPlan: jest.fn().mockResolvedValue(plan),
    });
    await renderPreview(api);

    expect(screen.getByText('If someone calls')).toBeInTheDocument();
    const atOnce = await screen.findByRole('list', {
      name: 'At once (in random order)',
    });
    expect(itemsOf(atOnce)).toEqual([
      'Carol Chenon call for Platform primary (Weekly)',
      'Erin Evea recipient of the integration',
    ]);
    expect(
      itemsOf(screen.getByRole('list', { name: 'After 5 minutes' })),
    ).toEqual(['Dave DiazPlatform escalation, rule 2']);
    expect(
      itemsOf(screen.getByRole('list', { name: 'Repeat 1, at once' })),
    ).toEqual(['Carol ChenPlatform escalation, rule 1 (repeat 1)']);
    expect(
      screen.getAllByText(/^(At once|After|Repeat)/).map(l => l.textContent),
    ).toEqual([
      'At once (in random order):',
      'After 5 minutes:',
      'Repeat 1, at once:',
    ]);
  });

  it('previews a call at the time picked', async () => {
    const api = mockIncomingCallApi({
      getDialPlan: jest.fn().mockResolvedValue(plan),
    });
    await renderPreview(api);
    await screen.findByRole('list', { name: 'After 5 minutes' });

    fireEvent.change(screen.getByLabelText('Call time'), {
      target: { value: '2024-05-04T21:30' },
    });

    await waitFor(() => expect(api.getDialPlan).toHaveBeenCalledTimes(2));
    const [team, at] = api.getDialPlan.mock.calls[1];
    expect(team).toEqual(platform);
    // The field is in the reader's time zone.
    expect(at?.toISOString()).toBe(new Date(2024, 4, 4, 21, 30).toISOString());
    expect(
      await screen.findByRole('list', { name: 'After 5 minutes' }),
    ).toBeInTheDocument();
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
          .mockResolvedValue({ tiers: [], skipped: [], voicemailOnly: true }),
      }),
    );

    expect(
      await screen.findByText(/^Voicemail only: nobody is dialled/),
    ).toBeInTheDocument();
  });

  it('lists the users who cannot be dialled and why', async () => {
    await renderPreview(
      mockIncomingCallApi({
        getDialPlan: jest.fn().mockResolvedValue({
          ...plan,
          skipped: [
            {
              userRef: 'user:default/oscar',
              reason: 'has no phone number in the catalog',
            },
            { userRef: 'user:default/gone', reason: 'is not in the catalog' },
          ],
        }),
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
