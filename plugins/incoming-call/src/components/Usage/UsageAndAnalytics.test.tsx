import type { CallAnalytics, Usage } from '@icr/plugin-incoming-call-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockIncomingCallApi,
  renderWithApis,
  responseError,
} from '../../__testUtils__/renderForTeam';
import { UsageAndAnalytics } from './UsageAndAnalytics';

// Clicking through MUI is slow on a loaded 2-core CI machine.
jest.setTimeout(20_000);

const platform = { namespace: 'default', name: 'platform' };

const usage: Usage = {
  month: '2026-12',
  currency: 'USD',
  scope: 'team',
  teamRef: 'group:default/platform',
  pricing: {
    numberMonthlyCents: 1000,
    domesticMinuteCents: 10,
    internationalMinuteCents: 35,
    freeNumbers: 0,
  },
  numbers: [
    {
      number: '+14155550150',
      teamRef: 'group:default/platform',
      held: true,
      calls: 7,
      minutesDomestic: 12,
      minutesInternational: 3,
      monthlyFeeCents: 1000,
    },
  ],
  totals: {
    calls: 7,
    minutesDomestic: 12,
    minutesInternational: 3,
    numbersHeld: 1,
    freeNumbers: 0,
    numberFeesCents: 1000,
    domesticCostCents: 120,
    internationalCostCents: 105,
    estimateCents: 1225,
  },
  isEstimate: true,
};

const callsAt: Record<number, number> = { 9: 4, 14: 3 };
const byHourOfDay = Array.from({ length: 24 }, (_, hour) => callsAt[hour] ?? 0);

const analytics: CallAnalytics = {
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-12-01T00:00:00.000Z',
  scope: 'team',
  teamRef: 'group:default/platform',
  calls: 8,
  answered: 6,
  answerRate: 0.75,
  timeToAnswerSeconds: { p50: 12, p90: 31 },
  abandoned: 1,
  voicemails: 1,
  blocked: 2,
  responders: [
    {
      userRef: 'user:default/ana',
      displayName: 'Ana Lopez',
      rung: 6,
      answered: 4,
      missed: 2,
    },
    { userRef: 'user:default/bob', rung: 3, answered: 2, missed: 1 },
  ],
  byHourOfDay,
  byWeekday: [2, 1, 0, 3, 2, 0, 0],
  timeZone: 'Europe/Berlin',
};

/** The value of a figure in a group of them ("Usage", "Call analytics"). */
const figureIn = (group: string) => (label: string) =>
  within(screen.getByRole('group', { name: group })).getByText(label, {
    selector: 'dt',
  }).nextElementSibling?.textContent;

/** The cells of each body row of a table, as text. */
function rowsOf(table: HTMLElement): string[][] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      within(row)
        .getAllByRole('cell')
        .map(cell => cell.textContent ?? ''),
    );
}

describe('UsageAndAnalytics', () => {
  it("shows a team's month: calls, minutes by destination, fees and the estimate", async () => {
    const api = mockIncomingCallApi({
      getUsage: jest.fn().mockResolvedValue(usage),
      getAnalytics: jest.fn().mockResolvedValue(analytics),
    });
    await renderWithApis(
      <UsageAndAnalytics team={platform} who="Platform" />,
      api,
    );

    expect(await screen.findByRole('group', { name: 'Usage' })).toBeVisible();
    const figure = figureIn('Usage');
    expect(api.getUsage).toHaveBeenCalledWith({
      month: new Date().toISOString().slice(0, 7),
      team: platform,
    });
    expect(figure('Calls')).toBe('7');
    expect(figure('Minutes to US and Canada')).toBe(
      '12 min$1.20 at $0.10 a minute',
    );
    expect(figure('Minutes international')).toBe(
      '3 min$1.05 at $0.35 a minute',
    );
    expect(figure('Number fees')).toBe('$10.00$10.00 a number a month');
    expect(figure('Estimated cost')).toBe('$12.25');
    expect(
      rowsOf(screen.getByRole('table', { name: 'Usage by number' })),
    ).toEqual([['+1 415 555 0150', '7', '12', '3', '$10.00']]);
  });

  it('reads another month when one is chosen', async () => {
    const api = mockIncomingCallApi({
      getUsage: jest.fn().mockResolvedValue(usage),
      getAnalytics: jest.fn().mockResolvedValue(analytics),
    });
    await renderWithApis(
      <UsageAndAnalytics team={platform} who="Platform" />,
      api,
    );
    await screen.findByRole('group', { name: 'Usage' });

    const month = screen.getByLabelText('Month') as HTMLSelectElement;
    const previous = month.options[1].value;
    await userEvent.selectOptions(month, previous);

    await waitFor(() =>
      expect(api.getUsage).toHaveBeenLastCalledWith({
        month: previous,
        team: platform,
      }),
    );
  });

  it('shows the analytics figures, per responder, and each chart as a table', async () => {
    const api = mockIncomingCallApi({
      getUsage: jest.fn().mockResolvedValue(usage),
      getAnalytics: jest.fn().mockResolvedValue(analytics),
    });
    await renderWithApis(
      <UsageAndAnalytics team={platform} who="Platform" />,
      api,
    );

    expect(
      await screen.findByRole('group', { name: 'Call analytics' }),
    ).toBeVisible();
    const query = api.getAnalytics.mock.calls[0][0];
    expect(query.team).toEqual(platform);
    // The last 30 days up to now.
    expect(query.to.getTime() - query.from.getTime()).toBe(
      30 * 24 * 60 * 60 * 1000,
    );
    expect(query.timeZone).toBe(
      new Intl.DateTimeFormat().resolvedOptions().timeZone,
    );

    const analyticsFigure = figureIn('Call analytics');
    expect(analyticsFigure('Calls')).toBe('8');
    expect(analyticsFigure('Answer rate')).toBe('75%6 answered');
    expect(analyticsFigure('Time to answer (median)')).toBe('12 s');
    expect(analyticsFigure('Time to answer (90th percentile)')).toBe('31 s');
    expect(analyticsFigure('Abandoned')).toBe('1The caller hung up first');
    expect(analyticsFigure('Voicemails')).toBe('1');
    expect(analyticsFigure('Blocked')).toBe('2Refused by the blocklist');

    expect(rowsOf(screen.getByRole('table', { name: 'Responders' }))).toEqual([
      ['Ana Lopez', '6', '4', '2'],
      ['user:default/bob', '3', '2', '1'],
    ]);

    // The tables are in the page for screen readers while the charts show.
    const byHour = screen.getByRole('table', { name: 'Calls by hour of day' });
    expect(rowsOf(byHour)).toEqual(
      byHourOfDay.map((calls, hour) => [
        String(hour).padStart(2, '0'),
        String(calls),
      ]),
    );
    const byWeekday = screen.getByRole('table', { name: 'Calls by weekday' });
    expect(rowsOf(byWeekday)).toEqual([
      ['Mon', '2'],
      ['Tue', '1'],
      ['Wed', '0'],
      ['Thu', '3'],
      ['Fri', '2'],
      ['Sat', '0'],
      ['Sun', '0'],
    ]);
  });

  it('shows a chart as a table instead, and back', async () => {
    const api = mockIncomingCallApi({
      getUsage: jest.fn().mockResolvedValue(usage),
      getAnalytics: jest.fn().mockResolvedValue(analytics),
    });
    await renderWithApis(
      <UsageAndAnalytics team={platform} who="Platform" />,
      api,
    );
    const section = within(
      await screen.findByRole('region', { name: 'Calls by weekday' }),
    );
    const table = section.getByRole('table', { name: 'Calls by weekday' });
    expect(table).toHaveClass(/visuallyHidden/);

    await userEvent.click(section.getByRole('button', { name: 'Show table' }));

    expect(table).not.toHaveClass(/visuallyHidden/);
    expect(section.getByRole('button', { name: 'Show chart' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(rowsOf(table)[3]).toEqual(['Thu', '3']);

    await userEvent.click(section.getByRole('button', { name: 'Show chart' }));
    expect(table).toHaveClass(/visuallyHidden/);
  });

  it('reads a custom range of whole days', async () => {
    const api = mockIncomingCallApi({
      getUsage: jest.fn().mockResolvedValue(usage),
      getAnalytics: jest.fn().mockResolvedValue(analytics),
    });
    await renderWithApis(
      <UsageAndAnalytics team={platform} who="Platform" />,
      api,
    );
    await screen.findByRole('group', { name: 'Call analytics' });

    await userEvent.selectOptions(screen.getByLabelText('Period'), 'custom');
    const from = screen.getByLabelText('From');
    const to = screen.getByLabelText('To (included)');
    await userEvent.clear(from);
    await userEvent.type(from, '2026-11-02');
    await userEvent.clear(to);
    await userEvent.type(to, '2026-11-08');

    await waitFor(() =>
      expect(api.getAnalytics).toHaveBeenLastCalledWith({
        from: new Date(2026, 10, 2),
        to: new Date(2026, 10, 9),
        team: platform,
        timeZone: new Intl.DateTimeFormat().resolvedOptions().timeZone,
      }),
    );
  });

  it('says who may see the figures when the backend refuses them', async () => {
    const refused = await responseError(403, {
      name: 'NotAllowedError',
      message: 'Not allowed',
    });
    const api = mockIncomingCallApi({
      getUsage: jest.fn().mockRejectedValue(refused),
      getAnalytics: jest.fn().mockRejectedValue(refused),
    });
    await renderWithApis(
      <UsageAndAnalytics team={platform} who="Platform" />,
      api,
    );

    expect(
      await screen.findByText(
        'Only the members of Platform can see its usage and cost.',
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        'Only the members of Platform can see its call analytics.',
      ),
    ).toBeInTheDocument();
  });
});
