import type { CallAnalytics, Usage } from '@icr/plugin-incoming-call-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockIncomingCallApi,
  renderWithApis,
} from '../../__testUtils__/renderForTeam';
import { alertsRouteRef } from '../../routes';
import { AlertsPage } from '../AlertsPage/AlertsPage';

jest.setTimeout(20_000);

const usage: Usage = {
  month: '2026-12',
  currency: 'USD',
  scope: 'organisation',
  pricing: {
    numberMonthlyCents: 1000,
    domesticMinuteCents: 10,
    internationalMinuteCents: 35,
    freeNumbers: 1,
  },
  numbers: [
    {
      number: '+14155550150',
      teamRef: 'group:default/platform',
      held: true,
      calls: 3,
      minutesDomestic: 4,
      minutesInternational: 0,
      monthlyFeeCents: 0,
    },
    {
      number: '+4930123456',
      teamRef: 'group:default/payments',
      held: false,
      calls: 1,
      minutesDomestic: 0,
      minutesInternational: 2,
      monthlyFeeCents: 0,
    },
  ],
  totals: {
    calls: 4,
    minutesDomestic: 4,
    minutesInternational: 2,
    numbersHeld: 1,
    freeNumbers: 1,
    numberFeesCents: 0,
    domesticCostCents: 40,
    internationalCostCents: 70,
    estimateCents: 110,
  },
  isEstimate: true,
};

const analytics: CallAnalytics = {
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-12-01T00:00:00.000Z',
  scope: 'organisation',
  calls: 0,
  answered: 0,
  answerRate: null,
  timeToAnswerSeconds: { p50: null, p90: null },
  abandoned: 0,
  voicemails: 0,
  blocked: 0,
  responders: [],
  byHourOfDay: Array(24).fill(0),
  byWeekday: Array(7).fill(0),
  timeZone: 'UTC',
};

describe("The Alerts page's organisation view", () => {
  it("shows the whole organisation's usage and analytics on its own tab", async () => {
    const api = mockIncomingCallApi({
      getUsage: jest.fn().mockResolvedValue(usage),
      getAnalytics: jest.fn().mockResolvedValue(analytics),
    });
    await renderWithApis(<AlertsPage />, api, {
      mountedRoutes: { '/incoming-calls/alerts': alertsRouteRef },
    });
    expect(await screen.findByText('No call alerts')).toBeInTheDocument();
    expect(api.getUsage).not.toHaveBeenCalled();

    await userEvent.click(
      screen.getByRole('tab', { name: 'Usage and analytics' }),
    );

    const byNumber = await screen.findByRole('table', {
      name: 'Usage by number',
    });
    expect(api.getUsage).toHaveBeenCalledWith({
      month: new Date().toISOString().slice(0, 7),
      team: undefined,
    });
    await waitFor(() =>
      expect(api.getAnalytics).toHaveBeenCalledWith(
        expect.objectContaining({ team: undefined }),
      ),
    );
    // The organisation's numbers say whose they are.
    expect(
      within(byNumber)
        .getAllByRole('row')
        .slice(1)
        .map(row => row.textContent),
    ).toEqual([
      '+1 415 555 0150group:default/platform340$0.00',
      '+49 30 123456 (released)group:default/payments102$0.00',
    ]);
    expect(
      within(screen.getByRole('group', { name: 'Call analytics' })).getByText(
        'Answer rate',
        { selector: 'dt' },
      ).nextElementSibling,
    ).toHaveTextContent('–');
    expect(screen.getByText('Nobody was rung in this period.')).toBeVisible();
    expect(screen.queryByRole('table', { name: 'Call alerts' })).toBeNull();
  });
});
