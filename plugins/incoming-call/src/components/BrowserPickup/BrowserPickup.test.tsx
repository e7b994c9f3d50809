import type {
  Alert,
  AlertWithTimeline,
  BrowserPickupGrant,
} from '@icr/plugin-incoming-call-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  type BrowserCallState,
  type BrowserPhone,
  createBrowserPhones,
} from '@icr/plugin-incoming-call-react';
import {
  mockIncomingCallApi,
  renderForTeam,
  responseError,
} from '../../__testUtils__/renderForTeam';
import { aWaitingAlert, anAlert, anEvent } from '../../__testUtils__/alerts';
import { CallAlertsContent } from '../CallAlertsContent';

jest.setTimeout(20_000);

const waiting: Alert = aWaitingAlert({ callerNumber: '+4930555000' });

const answered: Alert = anAlert({
  id: 'alert-0',
  callerNumber: '+4930555999',
  acknowledgedBy: 'user:default/carol',
  answeredBy: 'user:default/carol',
  answeredByName: 'Carol',
});

/** A voicemail was left: the alert stays open, but nobody waits any more. */
const voicemail: Alert = aWaitingAlert({
  id: 'alert-2',
  callerNumber: '+4930555777',
  outcome: 'voicemail',
  durationSeconds: 30,
});

const takenByAna: AlertWithTimeline = {
  ...waiting,
  status: 'acknowledged',
  acknowledgedBy: 'user:default/ana',
  outcome: 'answered',
  answeredBy: 'user:default/ana',
  answeredByName: 'Ana Lopez',
  events: [
    anEvent({
      type: 'answered',
      at: '2024-05-02T10:00:30Z',
      message:
        'Ana took the call in the browser and was connected to the caller',
      userRef: 'user:default/ana',
      userName: 'Ana Lopez',
    }),
  ],
};

const grant: BrowserPickupGrant = {
  provider: 'simulated-network',
  identity: 'user_default_ana',
  params: { alert: 'alert-1' },
};

/** Another plugin's browser phone (a simulated network's), that hears. */
function fakeBrowserPhone() {
  const heard = ['Connecting you.'];
  const hangUp = jest.fn();
  const phone: jest.Mocked<BrowserPhone> = {
    connect: jest.fn(async (_grant, onChange) => {
      onChange({ phase: 'connected', heard });
      return {
        hangUp: async () => {
          hangUp();
          onChange({ phase: 'ended', heard } satisfies BrowserCallState);
        },
      };
    }),
  };
  return { phone, hangUp };
}

const takeButton = () =>
  screen.queryByRole('button', { name: 'Take call in browser' });

describe('taking a call in the browser from the Call alerts tab', () => {
  it('is offered only for calls whose caller is still waiting', async () => {
    const api = mockIncomingCallApi({
      listAlerts: jest
        .fn()
        .mockResolvedValue({ items: [waiting, answered, voicemail] }),
    });
    await renderForTeam(<CallAlertsContent />, api);

    expect(
      screen.getAllByRole('button', { name: 'Take call in browser' }),
    ).toHaveLength(1);
    expect(api.requestBrowserPickup).not.toHaveBeenCalled();
  });

  it("connects with the browser phone of the grant's provider, shows the taken alert and hangs up", async () => {
    // The grant is held back to see the call being placed.
    let giveGrant!: (value: BrowserPickupGrant) => void;
    const granted = new Promise<BrowserPickupGrant>(resolve => {
      giveGrant = resolve;
    });
    const api = mockIncomingCallApi({
      listAlerts: jest.fn().mockResolvedValue({ items: [waiting] }),
      requestBrowserPickup: jest.fn().mockReturnValue(granted),
      getAlert: jest.fn().mockResolvedValue(takenByAna),
    });
    const simulated = fakeBrowserPhone();
    await renderForTeam(
      <CallAlertsContent />,
      api,
      createBrowserPhones({ 'simulated-network': simulated.phone }),
    );

    await userEvent.click(takeButton()!);
    expect(screen.getByRole('status')).toHaveTextContent('Connecting…');
    expect(takeButton()).toBeNull();
    giveGrant(grant);

    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('Connected'),
    );
    expect(api.requestBrowserPickup).toHaveBeenCalledWith('alert-1');
    expect(simulated.phone.connect).toHaveBeenCalledWith(
      grant,
      expect.any(Function),
    );
    expect(
      within(
        screen.getByRole('list', { name: 'Heard in the browser' }),
      ).getByText('Connecting you.'),
    ).toBeInTheDocument();
    // The alert is read again: Ana has it now.
    expect(await screen.findByText('Ana Lopez')).toBeInTheDocument();
    expect(screen.getByText('acknowledged')).toBeInTheDocument();
    await userEvent.click(screen.getByText('+4930555000'));
    expect(
      await screen.findByText(
        'Ana took the call in the browser and was connected to the caller',
      ),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Hang up' }));

    expect(simulated.hangUp).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('status')).toHaveTextContent('Call ended');
    expect(screen.queryByRole('button', { name: 'Hang up' })).toBeNull();
    expect(takeButton()).toBeNull();
  });

  it("shows the backend's reason when it refuses", async () => {
    const message =
      'Only members of Platform hotline and the responders this call rings may take it';
    const api = mockIncomingCallApi({
      listAlerts: jest.fn().mockResolvedValue({ items: [waiting] }),
      requestBrowserPickup: jest
        .fn()
        .mockRejectedValue(
          await responseError(403, { name: 'NotAllowedError', message }),
        ),
    });
    await renderForTeam(<CallAlertsContent />, api);

    await userEvent.click(takeButton()!);

    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(screen.queryByRole('status')).toBeNull();
    expect(takeButton()).toBeInTheDocument();
  });

  it('says so when the app has no browser phone for the provider', async () => {
    const api = mockIncomingCallApi({
      listAlerts: jest.fn().mockResolvedValue({ items: [waiting] }),
      requestBrowserPickup: jest.fn().mockResolvedValue(grant),
    });
    // Only Twilio's phone: the simulated network's plugin is not installed.
    await renderForTeam(<CallAlertsContent />, api);

    await userEvent.click(takeButton()!);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This app has no browser phone for the simulated-network provider',
    );
  });
});
