import type { AlertWithTimeline } from '@icr/plugin-incoming-call-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aWaitingAlert, anAlert, anEvent } from '../../__testUtils__/alerts';
import {
  mockIncomingCallApi,
  mockSignalApi,
  renderWithApis,
  responseError,
} from '../../__testUtils__/renderForTeam';
import { alertsRouteRef } from '../../routes';
import { AlertsRouter } from './AlertsRouter';
import { Route, Routes } from 'react-router-dom';
import type { IncomingCallApi } from '@icr/plugin-incoming-call-react';
import type { SignalApi } from '@backstage/plugin-signals-react';

jest.setTimeout(20_000);

const received = anEvent();

const waiting: AlertWithTimeline = {
  ...aWaitingAlert({ callerNumber: '+4930555000' }),
  events: [received],
};

const acknowledgedByAna: AlertWithTimeline = {
  ...anAlert({ callerNumber: '+4930555000', outcome: 'pending' }),
  events: [
    received,
    anEvent({
      id: 'event-2',
      type: 'acknowledged',
      at: '2024-05-02T10:01:00Z',
      message: 'Acknowledged',
      actorRef: 'user:default/ana',
      actorName: 'Ana Lopez',
    }),
  ],
};

function renderAlertPage(api: IncomingCallApi, signals?: SignalApi) {
  return renderWithApis(
    <Routes>
      <Route path="/incoming-calls/alerts/*" element={<AlertsRouter />} />
    </Routes>,
    api,
    {
      signals,
      mountedRoutes: { '/incoming-calls/alerts': alertsRouteRef },
      routeEntries: ['/incoming-calls/alerts/alert-1'],
    },
  );
}

const button = (name: string) => screen.queryByRole('button', { name });

/** The timeline's steps as read. */
const steps = () =>
  within(screen.getByRole('list', { name: 'Call timeline' }))
    .getAllByRole('listitem')
    .map(item => item.textContent);

describe('an alert page', () => {
  it('shows the call, its timeline with names and the actions of its state', async () => {
    const api = mockIncomingCallApi({
      getAlert: jest.fn().mockResolvedValue(acknowledgedByAna),
    });
    await renderAlertPage(api);

    expect(
      await screen.findByText('Call from +4930555000'),
    ).toBeInTheDocument();
    expect(api.getAlert).toHaveBeenCalledWith('alert-1');
    expect(
      screen.getByRole('link', { name: 'All call alerts' }),
    ).toHaveAttribute('href', '/incoming-calls/alerts');
    expect(steps()).toEqual([
      expect.stringContaining('Call from +4930123456'),
      expect.stringMatching(/Acknowledged.*by Ana Lopez/),
    ]);
    expect(button('Close')).toBeInTheDocument();
    expect(button('Acknowledge')).toBeNull();
    expect(button('Reopen')).toBeNull();
  });

  it('acknowledges, and reads the alert again', async () => {
    const api = mockIncomingCallApi({
      getAlert: jest
        .fn()
        .mockResolvedValueOnce(waiting)
        .mockResolvedValue(acknowledgedByAna),
      acknowledgeAlert: jest
        .fn()
        .mockResolvedValue({ alert: acknowledgedByAna }),
    });
    await renderAlertPage(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Acknowledge' }),
    );

    await waitFor(() =>
      expect(steps()).toContainEqual(expect.stringMatching(/by Ana Lopez/)),
    );
    expect(api.acknowledgeAlert).toHaveBeenCalledWith('alert-1');
    expect(button('Acknowledge')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says so when someone else got there first (409), and shows the current state', async () => {
    const api = mockIncomingCallApi({
      getAlert: jest
        .fn()
        .mockResolvedValueOnce(waiting)
        .mockResolvedValue(acknowledgedByAna),
      acknowledgeAlert: jest.fn().mockResolvedValue({
        alert: acknowledgedByAna,
        unchanged: 'The alert is already acknowledged',
      }),
    });
    await renderAlertPage(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Acknowledge' }),
    );

    expect(
      await screen.findByText('The alert is already acknowledged'),
    ).toBeInTheDocument();
    expect(await screen.findByText('acknowledged')).toBeInTheDocument();
    expect(button('Acknowledge')).toBeNull();
  });

  it('closes, reopens and adds a note', async () => {
    const closed = { ...acknowledgedByAna, status: 'closed' as const };
    const api = mockIncomingCallApi({
      getAlert: jest.fn().mockResolvedValue(acknowledgedByAna),
      closeAlert: jest.fn().mockResolvedValue({ alert: closed }),
      reopenAlert: jest.fn().mockResolvedValue({ alert: acknowledgedByAna }),
      addAlertNote: jest.fn().mockResolvedValue(anEvent({ type: 'note' })),
    });
    await renderAlertPage(api);

    api.getAlert.mockResolvedValue(closed);
    await userEvent.click(await screen.findByRole('button', { name: 'Close' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Reopen' }),
    );
    expect(api.closeAlert).toHaveBeenCalledWith('alert-1');
    expect(api.reopenAlert).toHaveBeenCalledWith('alert-1');

    await userEvent.type(screen.getByLabelText('Note'), 'Called back ');
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));

    await waitFor(() =>
      expect(api.addAlertNote).toHaveBeenCalledWith('alert-1', 'Called back'),
    );
    await waitFor(() => expect(screen.getByLabelText('Note')).toHaveValue(''));
  });

  it("explains a refused action in the server's words", async () => {
    const api = mockIncomingCallApi({
      getAlert: jest.fn().mockResolvedValue(acknowledgedByAna),
      closeAlert: jest.fn().mockRejectedValue(
        await responseError(403, {
          name: 'NotAllowedError',
          message: 'You may not change alerts of Platform',
        }),
      ),
    });
    await renderAlertPage(api);

    await userEvent.click(await screen.findByRole('button', { name: 'Close' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'You may not change alerts of Platform',
    );
  });

  it('explains who may see it to a user the backend refuses', async () => {
    const api = mockIncomingCallApi({
      getAlert: jest.fn().mockRejectedValue(
        await responseError(403, {
          name: 'NotAllowedError',
          message: 'Unauthorized',
        }),
      ),
    });
    await renderAlertPage(api);

    expect(
      await screen.findByText(
        /Only members of the alert's team \(and of the groups above it\) and the call's responders can see it/,
      ),
    ).toBeInTheDocument();
  });

  it('offers the call while the caller waits, until a signal says someone answered', async () => {
    const api = mockIncomingCallApi({
      getAlert: jest.fn().mockResolvedValue(waiting),
    });
    const { signals, send } = mockSignalApi();
    await renderAlertPage(api, signals);
    expect(
      await screen.findByRole('button', { name: 'Take call in browser' }),
    ).toBeInTheDocument();

    api.getAlert.mockResolvedValue({
      ...acknowledgedByAna,
      outcome: 'answered',
    });
    send({
      alertId: 'alert-2',
      teamRef: 'group:default/platform',
      change: 'event',
    });
    send({
      alertId: 'alert-1',
      teamRef: 'group:default/platform',
      change: 'event',
    });

    await waitFor(() => expect(button('Take call in browser')).toBeNull());
    expect(steps()).toContainEqual(expect.stringMatching(/by Ana Lopez/));
    expect(api.getAlert).toHaveBeenCalledTimes(2);
  });

  it('plays the voicemail and shows its transcript', async () => {
    const left: AlertWithTimeline = {
      ...waiting,
      outcome: 'voicemail',
      voicemail: {
        recordingSid: 'RE1',
        durationSeconds: 8,
        transcript: 'Please call me back',
      },
    };
    const api = mockIncomingCallApi({
      getAlert: jest.fn().mockResolvedValue(left),
      getVoicemail: jest
        .fn()
        .mockResolvedValue(new Blob(['RIFF'], { type: 'audio/wav' })),
    });
    await renderAlertPage(api);

    await waitFor(() =>
      expect(screen.getByLabelText('Voicemail')).toHaveAttribute(
        'src',
        'blob:voicemail',
      ),
    );
    expect(screen.getByText('Voicemail (8 s)')).toBeInTheDocument();
    expect(screen.getByText('“Please call me back”')).toBeInTheDocument();
    expect(button('Take call in browser')).toBeNull();
  });
});
