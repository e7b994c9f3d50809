import type { AlertWithTimeline } from '@icr/plugin-incoming-call-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aWaitingAlert, anAlert, anEvent } from '../../__testUtils__/alerts';
import {
  mockIncomingCallApi,
  mockSignalApi,
  renderForTeam,
  renderWithApis,
  responseError,
} from '../../__testUtils__/renderForTeam';
import { createBrowserPhones } from '@icr/plugin-incoming-call-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { platformTeam } from '../../__testUtils__/renderForTeam';
import { alertsRouteRef } from '../../routes';
import { CallAlertsContent } from './CallAlertsContent';

// Typing into MUI fields is slow on a loaded 2-core CI machine.
jest.setTimeout(20_000);

const platform = { namespace: 'default', name: 'platform' };

const withTimeline: AlertWithTimeline = {
  ...anAlert(),
  // Out of order on purpose: the timeline shows them by time.
  events: [
    anEvent({
      id: 'e2',
      type: 'answered',
      at: '2024-05-02T10:00:20Z',
      message: 'Ana Lopez answered',
      userRef: 'user:default/ana',
      userName: 'Ana Lopez',
    }),
    anEvent({ id: 'e1' }),
  ],
};

describe('CallAlertsContent', () => {
  it('explains that calls will show up here when there are none yet', async () => {
    const api = mockIncomingCallApi();
    await renderForTeam(<CallAlertsContent />, api);

    expect(await screen.findByText('No calls yet')).toBeInTheDocument();
    expect(
      screen.getByText(/Every call to one of the team's phone numbers/),
    ).toBeInTheDocument();
    expect(api.listAlerts).toHaveBeenCalledWith(platform, { limit: 20 });
  });

  it("lists the team's alerts with how each call went, and shows a call's timeline when opened", async () => {
    const api = mockIncomingCallApi({
      listAlerts: jest.fn().mockResolvedValue({
        items: [
          anAlert(),
          aWaitingAlert({ id: 'alert-2', callerNumber: '+4930999' }),
        ],
      }),
      getAlert: jest.fn().mockResolvedValue(withTimeline),
    });
    await renderForTeam(<CallAlertsContent />, api);

    expect(await screen.findByText('+4930123456')).toBeInTheDocument();
    expect(screen.getByText('+4930999')).toBeInTheDocument();
    expect(screen.getByText('acknowledged')).toBeInTheDocument();
    expect(screen.getByText('open')).toBeInTheDocument();
    expect(screen.getByText('Answered')).toBeInTheDocument();
    expect(screen.getByText('Caller waiting')).toBeInTheDocument();
    expect(screen.getByText('2 min 05 s')).toBeInTheDocument();
    // The name, with the ref on hover.
    expect(screen.getByText('Ana Lopez')).toHaveAttribute(
      'title',
      'user:default/ana',
    );
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(api.getAlert).not.toHaveBeenCalled();

    await userEvent.click(screen.getByText('+4930123456'));

    const timeline = await screen.findByRole('list', { name: 'Call timeline' });
    expect(api.getAlert).toHaveBeenCalledWith('alert-1');
    const steps = within(timeline)
      .getAllByRole('listitem')
      .map(item => item.textContent);
    expect(steps).toEqual([
      expect.stringContaining('Call from +4930123456'),
      expect.stringContaining('Ana Lopez answered'),
    ]);
  });

  it('links each alert to its own page when the app has the Alerts page', async () => {
    const api = mockIncomingCallApi({
      listAlerts: jest.fn().mockResolvedValue({ items: [anAlert()] }),
      getAlert: jest.fn().mockResolvedValue(withTimeline),
    });
    await renderWithApis(
      <EntityProvider entity={platformTeam}>
        <CallAlertsContent />
      </EntityProvider>,
      api,
      { mountedRoutes: { '/incoming-calls/alerts': alertsRouteRef } },
    );

    await userEvent.click(await screen.findByText('+4930123456'));

    expect(
      await screen.findByRole('link', { name: "Open the alert's page" }),
    ).toHaveAttribute('href', '/incoming-calls/alerts/alert-1');
  });

  it('loads the next page with the cursor of the previous one', async () => {
    const api = mockIncomingCallApi({
      listAlerts: jest
        .fn()
        .mockResolvedValueOnce({
          items: [anAlert({ callerNumber: '+4930111' })],
          nextCursor: 'cursor-2',
        })
        .mockResolvedValueOnce({
          items: [anAlert({ id: 'alert-2', callerNumber: '+4930222' })],
        }),
    });
    await renderForTeam(<CallAlertsContent />, api);

    expect(await screen.findByText('+4930111')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));

    expect(await screen.findByText('+4930222')).toBeInTheDocument();
    expect(screen.getByText('+4930111')).toBeInTheDocument();
    expect(api.listAlerts).toHaveBeenLastCalledWith(platform, {
      limit: 20,
      cursor: 'cursor-2',
    });
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('explains who may see the alerts to a user the backend refuses', async () => {
    const api = mockIncomingCallApi({
      listAlerts: jest.fn().mockRejectedValue(
        await responseError(403, {
          name: 'NotAllowedError',
          message: 'Unauthorized',
        }),
      ),
    });
    await renderForTeam(<CallAlertsContent />, api);

    expect(
      await screen.findByText("You can't see these call alerts"),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Only members of Platform \(and of the groups above it\) and the responders its calls ring can see its call alerts/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Unauthorized/)).toBeNull();
  });

  it("shows the team's new calls and changes as signals say, and drops a stale Take call button", async () => {
    const waiting = aWaitingAlert({ callerNumber: '+4930555000' });
    const api = mockIncomingCallApi({
      listAlerts: jest.fn().mockResolvedValue({ items: [waiting] }),
    });
    const { signals, send } = mockSignalApi();
    await renderForTeam(
      <CallAlertsContent />,
      api,
      createBrowserPhones(),
      signals,
    );
    expect(
      await screen.findByRole('button', { name: 'Take call in browser' }),
    ).toBeInTheDocument();

    // Carol answered on her phone, on another replica.
    api.getAlert.mockResolvedValue({
      ...anAlert({
        callerNumber: '+4930555000',
        answeredBy: 'user:default/carol',
        answeredByName: 'Carol King',
      }),
      events: [],
    });
    send({
      alertId: 'alert-1',
      teamRef: 'group:default/platform',
      change: 'updated',
    });

    expect(await screen.findByText('Carol King')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Take call in browser' }),
    ).toBeNull();

    // A new call to the team comes in; one to another team is not read.
    api.listAlerts.mockResolvedValue({
      items: [
        aWaitingAlert({ id: 'alert-9', callerNumber: '+4930777000' }),
        anAlert({ callerNumber: '+4930555000' }),
      ],
    });
    send({
      alertId: 'alert-8',
      teamRef: 'group:default/payments',
      change: 'created',
    });
    send({
      alertId: 'alert-9',
      teamRef: 'group:default/platform',
      change: 'created',
    });

    expect(await screen.findByText('+4930777000')).toBeInTheDocument();
    expect(api.listAlerts).toHaveBeenCalledTimes(2);
    expect(
      screen.getAllByText(/^\+4930/).map(cell => cell.textContent),
    ).toEqual(['+4930777000', '+4930555000']);
  });

  it('plays the voicemail in the opened row', async () => {
    const left = aWaitingAlert({
      outcome: 'voicemail',
      durationSeconds: 12,
      voicemail: {
        recordingSid: 'RE1',
        durationSeconds: 8,
        transcript: 'Please call me back',
      },
    });
    const api = mockIncomingCallApi({
      listAlerts: jest.fn().mockResolvedValue({ items: [left] }),
      getAlert: jest.fn().mockResolvedValue({ ...left, events: [] }),
      getVoicemail: jest
        .fn()
        .mockResolvedValue(new Blob(['RIFF'], { type: 'audio/wav' })),
    });
    await renderForTeam(<CallAlertsContent />, api);
    // Voicemails stay open, but there is no caller to take any more.
    expect(await screen.findByText('Voicemail')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Take call in browser' }),
    ).toBeNull();

    await userEvent.click(screen.getByText('+4930123456'));

    await waitFor(() =>
      expect(screen.getByLabelText('Voicemail')).toHaveAttribute(
        'src',
        'blob:voicemail',
      ),
    );
    expect(api.getVoicemail).toHaveBeenCalledWith('alert-1');
    expect(screen.getByText('Voicemail (8 s)')).toBeInTheDocument();
    expect(screen.getByText('“Please call me back”')).toBeInTheDocument();
  });
});
