import type {
  OpenIncident,
  StatusMessage,
} from '@icr/plugin-incoming-call-common';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { anAlert } from '../../__testUtils__/alerts';
import {
  mockIncomingCallApi,
  mockSignalApi,
  platformTeam,
  renderWithApis,
} from '../../__testUtils__/renderForTeam';
import { alertsRouteRef } from '../../routes';
import { CallAlertsContent } from '../CallAlertsContent';

jest.setTimeout(20_000);

const incident = (overrides: Partial<OpenIncident> = {}): OpenIncident => ({
  parentAlertId: 'parent-1',
  title: 'Incident: more than 10 calls to Platform hotline in 5 minutes',
  childCount: 30,
  recentCalls: 23,
  windowMinutes: 5,
  openedAt: '2024-05-02T10:00:00Z',
  ...overrides,
});
const speaking: StatusMessage = {
  teamRef: 'group:default/platform',
  message: {
    type: 'text',
    text: 'We know about the checkout outage; updates at status.example.com',
  },
  enabled: true,
  updatedAt: '2024-05-02T10:01:00Z',
  updatedBy: 'user:default/ana',
};

async function renderTab(api: ReturnType<typeof mockIncomingCallApi>) {
  const live = mockSignalApi();
  await renderWithApis(
    <EntityProvider entity={platformTeam}>
      <CallAlertsContent />
    </EntityProvider>,
    api,
    {
      signals: live.signals,
      mountedRoutes: { '/incoming-calls/alerts': alertsRouteRef },
    },
  );
  return live;
}

const banner = () => screen.getByRole('region', { name: 'Outage' });

describe('IncidentBanner', () => {
  it('shows the open incident with a link to its alert, and the status message, switched off in one click', async () => {
    const api = mockIncomingCallApi({
      listAlerts: jest.fn().mockResolvedValue({ items: [anAlert()] }),
      listOpenIncidents: jest.fn().mockResolvedValue([incident()]),
      getStatusMessage: jest
        .fn()
        .mockResolvedValueOnce(speaking)
        .mockResolvedValue({ ...speaking, enabled: false }),
      switchOffStatusMessage: jest
        .fn()
        .mockResolvedValue({ ...speaking, enabled: false }),
    });
    await renderTab(api);

    expect(
      await screen.findByText(
        /Incident in progress: 23 calls in the last 5 minutes \(30 calls in all\)/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'view' })).toHaveAttribute(
      'href',
      '/incoming-calls/alerts/parent-1',
    );
    expect(banner()).toHaveTextContent(
      'Callers hear the status message: “We know about the checkout outage; updates at status.example.com”',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Switch off' }));
    expect(api.switchOffStatusMessage).toHaveBeenCalledWith({
      namespace: 'default',
      name: 'platform',
    });
    await waitFor(() =>
      expect(banner()).toHaveTextContent(
        'No status message: callers hear the welcome only.',
      ),
    );
    expect(screen.queryByRole('button', { name: 'Switch off' })).toBeNull();
  });

  it('follows the incident live, and shows nothing without one or a status message', async () => {
    const api = mockIncomingCallApi({
      listAlerts: jest.fn().mockResolvedValue({ items: [anAlert()] }),
      listOpenIncidents: jest.fn().mockResolvedValue([]),
    });
    const live = await renderTab(api);
    await screen.findByText('+4930123456');
    expect(screen.queryByRole('region', { name: 'Outage' })).toBeNull();

    api.listOpenIncidents.mockResolvedValue([incident({ recentCalls: 12 })]);
    await live.send({
      alertId: 'parent-1',
      teamRef: 'group:default/platform',
      change: 'created',
    });
    expect(
      await screen.findByText(/12 calls in the last 5 minutes/),
    ).toBeInTheDocument();
    // Another team's alerts leave the banner alone.
    const reads = api.listOpenIncidents.mock.calls.length;
    await live.send({
      alertId: 'other',
      teamRef: 'group:default/payments',
      change: 'created',
    });
    expect(api.listOpenIncidents.mock.calls.length).toBe(reads);
  });

  it('lists the incident on the team tab as one row linking to its calls, and says when no call came in the last window', async () => {
    const api = mockIncomingCallApi({
      listAlerts: jest.fn().mockResolvedValue({
        items: [
          anAlert({
            id: 'parent-1',
            callerNumber: '',
            title: incident().title,
            tags: ['incident'],
            childCount: 30,
          }),
          anAlert({ id: 'alert-9', callerNumber: '+4930999' }),
        ],
      }),
      listOpenIncidents: jest
        .fn()
        .mockResolvedValue([incident({ recentCalls: 0 })]),
    });
    await renderTab(api);

    expect(
      await screen.findByText(
        /Incident in progress: no calls in the last 5 minutes \(30 calls in all\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Incident: 30 calls' }),
    ).toHaveAttribute('href', '/incoming-calls/alerts/parent-1');
    expect(screen.getByText('+4930999')).toBeInTheDocument();
  });
});
