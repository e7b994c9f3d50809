import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aWaitingAlert, anAlert } from '../../__testUtils__/alerts';
import {
  mockIncomingCallApi,
  mockSignalApi,
  renderWithApis,
  responseError,
} from '../../__testUtils__/renderForTeam';
import { alertsRouteRef } from '../../routes';
import { AlertsPage } from './AlertsPage';

jest.setTimeout(20_000);

const mountedRoutes = { '/incoming-calls/alerts': alertsRouteRef };

const rows = () =>
  within(screen.getByRole('table', { name: 'Call alerts' }))
    .getAllByRole('row')
    .slice(1);

describe('AlertsPage', () => {
  it('lists the alerts of every team the user may read, newest first, each linking to its page', async () => {
    const api = mockIncomingCallApi({
      searchAlerts: jest.fn().mockResolvedValue({
        items: [
          aWaitingAlert({
            id: 'alert-2',
            teamRef: 'group:default/payments',
            teamName: 'Payments',
            callerNumber: '+4930222',
          }),
          anAlert({ callerNumber: '+4930111' }),
        ],
      }),
    });
    await renderWithApis(<AlertsPage />, api, { mountedRoutes });

    expect(await screen.findByText('+4930222')).toBeInTheDocument();
    expect(api.searchAlerts).toHaveBeenCalledWith({ limit: 25 });
    const [first, second] = rows();
    expect(first).toHaveTextContent('Payments');
    expect(first).toHaveTextContent('Caller waiting');
    expect(second).toHaveTextContent('Platform');
    expect(second).toHaveTextContent('Ana Lopez');
    expect(second).toHaveTextContent('2 min 05 s');
    expect(within(first).getByRole('link')).toHaveAttribute(
      'href',
      '/incoming-calls/alerts/alert-2',
    );
  });

  it('shows an incident as one row with its count of calls, linked to its page', async () => {
    const api = mockIncomingCallApi({
      searchAlerts: jest.fn().mockResolvedValue({
        items: [
          anAlert({
            id: 'incident-1',
            callerNumber: '',
            title:
              'Incident: more than 5 calls to Platform hotline in 5 minutes',
            tags: ['incident'],
            status: 'open',
            outcome: 'pending',
            answeredBy: null,
            answeredByName: undefined,
            childCount: 20,
          }),
          anAlert({ callerNumber: '+4930111' }),
        ],
      }),
    });
    await renderWithApis(<AlertsPage />, api, { mountedRoutes });

    const incident = await screen.findByRole('link', {
      name: 'Incident: 20 calls',
    });
    expect(incident).toHaveAttribute(
      'href',
      '/incoming-calls/alerts/incident-1',
    );
    expect(rows()).toHaveLength(2);
    // The incident is no call of its own: no outcome.
    expect(rows()[0]).not.toHaveTextContent('Caller waiting');
    expect(rows()[1]).toHaveTextContent('+4930111');
  });

  it('searches with the filters: team, status, outcome, time range and caller', async () => {
    const api = mockIncomingCallApi();
    await renderWithApis(<AlertsPage />, api, { mountedRoutes });
    expect(await screen.findByText('No call alerts')).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Team'), 'platform');
    fireEvent.mouseDown(screen.getByLabelText('Status'));
    await userEvent.click(await screen.findByRole('option', { name: 'open' }));
    fireEvent.mouseDown(screen.getByLabelText('Outcome'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Voicemail' }),
    );
    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: '2024-05-01T08:00' },
    });
    fireEvent.change(screen.getByLabelText('To'), {
      target: { value: '2024-05-02T18:00' },
    });
    await userEvent.type(screen.getByLabelText('Caller'), '+4930');

    await waitFor(() =>
      expect(api.searchAlerts).toHaveBeenLastCalledWith({
        team: 'group:default/platform',
        status: 'open',
        outcome: 'voicemail',
        from: new Date('2024-05-01T08:00').toISOString(),
        to: new Date('2024-05-02T18:00').toISOString(),
        caller: '+4930',
        limit: 25,
      }),
    );
    expect(
      await screen.findByText('No call matches these filters.'),
    ).toBeInTheDocument();
  });

  it('pages on with the cursor of the last page', async () => {
    const api = mockIncomingCallApi({
      searchAlerts: jest
        .fn()
        .mockResolvedValueOnce({
          items: [anAlert({ callerNumber: '+4930111' })],
          nextCursor: 'cursor-2',
        })
        .mockResolvedValueOnce({
          items: [anAlert({ id: 'alert-2', callerNumber: '+4930222' })],
        }),
    });
    await renderWithApis(<AlertsPage />, api, { mountedRoutes });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Load more' }),
    );

    expect(await screen.findByText('+4930222')).toBeInTheDocument();
    expect(api.searchAlerts).toHaveBeenLastCalledWith({
      limit: 25,
      cursor: 'cursor-2',
    });
    expect(rows()).toHaveLength(2);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('shows a new call and a change as the signals come, without reload', async () => {
    const api = mockIncomingCallApi({
      searchAlerts: jest
        .fn()
        .mockResolvedValue({ items: [anAlert({ callerNumber: '+4930111' })] }),
    });
    const { signals, send } = mockSignalApi();
    await renderWithApis(<AlertsPage />, api, { mountedRoutes, signals });
    expect(await screen.findByText('+4930111')).toBeInTheDocument();

    api.searchAlerts.mockResolvedValue({
      items: [
        aWaitingAlert({ id: 'alert-2', callerNumber: '+4930222' }),
        anAlert({ callerNumber: '+4930111' }),
      ],
    });
    send({
      alertId: 'alert-2',
      teamRef: 'group:default/platform',
      change: 'created',
    });
    expect(await screen.findByText('+4930222')).toBeInTheDocument();

    api.getAlert.mockResolvedValue({
      ...anAlert({ callerNumber: '+4930111', status: 'closed' }),
      events: [],
    });
    send({
      alertId: 'alert-1',
      teamRef: 'group:default/platform',
      change: 'updated',
    });
    expect(await screen.findByText('closed')).toBeInTheDocument();
    expect(rows().map(row => row.textContent)).toEqual([
      expect.stringContaining('+4930222'),
      expect.stringContaining('+4930111'),
    ]);
  });

  it('explains who may see alerts when the backend refuses', async () => {
    const api = mockIncomingCallApi({
      searchAlerts: jest.fn().mockRejectedValue(
        await responseError(403, {
          name: 'NotAllowedError',
          message: 'Unauthorized',
        }),
      ),
    });
    await renderWithApis(<AlertsPage />, api, { mountedRoutes });

    expect(
      await screen.findByText("You can't see these call alerts"),
    ).toBeInTheDocument();
  });
});
