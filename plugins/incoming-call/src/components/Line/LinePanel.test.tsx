import type {
  BrowserPickupGrant,
  LineView,
} from '@icr/plugin-incoming-call-common';
import {
  type BrowserCallState,
  type BrowserPhone,
  createBrowserPhones,
} from '@icr/plugin-incoming-call-react';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { anAlert } from '../../__testUtils__/alerts';
import {
  mockIncomingCallApi,
  mockSignalApi,
  renderWithApis,
} from '../../__testUtils__/renderForTeam';
import { LinePanel } from './LinePanel';

jest.setTimeout(20_000);

const PLATFORM = 'group:default/platform';
const ANA = 'user:default/ana';
const minutesAgo = (n: number) =>
  new Date(Date.now() - n * 60_000).toISOString();

/** Two callers in Platform's line (a third Ana may not see), Ana ringing for the first. */
const line = (you: Partial<LineView['you']> = {}): LineView => ({
  teams: [
    {
      teamRef: PLATFORM,
      teamName: 'Platform',
      waiting: 3,
      callers: [
        {
          position: 1,
          alertId: 'alert-1',
          callerNumber: '+4930555001',
          waitingSince: minutesAgo(3),
          ringing: { userRef: 'user:default/carol', displayName: 'Carol' },
        },
        {
          position: 3,
          alertId: 'alert-3',
          callerNumber: '+4930555003',
          waitingSince: minutesAgo(1),
        },
      ],
    },
  ],
  responders: [
    {
      userRef: 'user:default/carol',
      displayName: 'Carol',
      busyOn: { alertId: 'alert-1' },
    },
    {
      userRef: 'user:default/john',
      displayName: 'John',
      awayUntil: '2030-01-01T10:00:00.000Z',
    },
  ],
  you: { userRef: ANA, nextAlertId: 'alert-1', ...you },
});

const NOBODY: LineView = { teams: [], responders: [], you: { userRef: ANA } };

const grant: BrowserPickupGrant = {
  provider: 'simulated-network',
  identity: 'user_default_ana',
  params: { alert: 'alert-1' },
};

/** A browser phone that connects at once and hangs up when told. */
function fakeBrowserPhone() {
  const phone: jest.Mocked<BrowserPhone> = {
    connect: jest.fn(async (_grant, onChange) => {
      onChange({ phase: 'connected', heard: [] });
      return {
        hangUp: async () =>
          onChange({ phase: 'ended', heard: [] } satisfies BrowserCallState),
      };
    }),
  };
  return phone;
}

/** The panel has had the answer of every read of the line so far. */
async function linesRead(api: ReturnType<typeof mockIncomingCallApi>) {
  expect(api.getLine).toHaveBeenCalled();
  await act(() => Promise.all(api.getLine.mock.results.map(r => r.value)));
}

const rows = () =>
  within(screen.getByRole('table', { name: 'Callers waiting for Platform' }))
    .getAllByRole('row')
    .slice(1);

describe('LinePanel', () => {
  it('shows the waiting callers in line order, who is rung for them, and the responders not free', async () => {
    const api = mockIncomingCallApi({
      getLine: jest.fn().mockResolvedValue(line()),
    });
    await renderWithApis(<LinePanel />, api);

    expect(
      await screen.findByText('Platform: 3 callers waiting'),
    ).toBeVisible();
    const [first, second] = rows();
    expect(first).toHaveTextContent('1');
    expect(first).toHaveTextContent('+4930555001');
    expect(first).toHaveTextContent(/3 min 0\d s/);
    expect(first).toHaveTextContent('Carol');
    expect(second).toHaveTextContent('3');
    expect(second).toHaveTextContent('+4930555003');
    expect(second).toHaveTextContent('—');
    expect(screen.getByText('and 1 caller you may not see')).toBeVisible();
    const notFree = screen.getByRole('list', { name: 'Responders not free' });
    expect(notFree).toHaveTextContent('Carol is on a call');
    expect(notFree).toHaveTextContent('John stopped taking calls until');
    expect(api.getLine).toHaveBeenCalledWith(undefined);
  });

  it('is hidden while nobody waits', async () => {
    const api = mockIncomingCallApi({
      getLine: jest.fn().mockResolvedValue(NOBODY),
    });
    await renderWithApis(<LinePanel />, api);
    await linesRead(api);
    expect(screen.queryByText('The line')).toBeNull();
    expect(
      screen.queryByRole('button', { name: 'Stop taking calls' }),
    ).toBeNull();
  });

  it('takes the next caller in the browser with the alert pickup, and hangs up', async () => {
    const phone = fakeBrowserPhone();
    const api = mockIncomingCallApi({
      getLine: jest.fn().mockResolvedValue(line()),
      requestBrowserPickup: jest.fn().mockResolvedValue(grant),
      getAlert: jest.fn().mockResolvedValue(anAlert({ id: 'alert-1' })),
    });
    await renderWithApis(<LinePanel />, api, {
      phones: createBrowserPhones({ 'simulated-network': phone }),
    });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Take next caller' }),
    );

    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(
        'Connected to +4930555001',
      ),
    );
    expect(api.requestBrowserPickup).toHaveBeenCalledTimes(1);
    expect(api.requestBrowserPickup).toHaveBeenCalledWith('alert-1');
    expect(phone.connect).toHaveBeenCalledWith(grant, expect.any(Function));

    await userEvent.click(screen.getByRole('button', { name: 'Hang up' }));
    expect(screen.getByRole('status')).toHaveTextContent(
      'Your call with +4930555001 ended',
    );
  });

  it('offers no caller to a responder who is on a call', async () => {
    const api = mockIncomingCallApi({
      getLine: jest
        .fn()
        .mockResolvedValue(line({ busyOn: { alertId: 'alert-9' } })),
    });
    await renderWithApis(<LinePanel />, api);
    expect(
      await screen.findByRole('button', { name: 'Take next caller' }),
    ).toBeDisabled();
    expect(screen.getByText('You are on a call.')).toBeVisible();
  });

  it('stops and resumes taking calls through the API', async () => {
    const away = line({ awayUntil: '2030-01-01T10:00:00.000Z' });
    const api = mockIncomingCallApi({
      getLine: jest
        .fn()
        .mockResolvedValueOnce(line())
        .mockResolvedValueOnce(away)
        .mockResolvedValue(line()),
      stopTakingCalls: jest.fn().mockResolvedValue(undefined),
      resumeTakingCalls: jest.fn().mockResolvedValue(undefined),
    });
    await renderWithApis(<LinePanel />, api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Stop taking calls' }),
    );
    expect(api.stopTakingCalls).toHaveBeenCalledTimes(1);
    expect(
      await screen.findByRole('button', { name: 'Take calls again' }),
    ).toBeVisible();
    expect(screen.getByText(/You are not offered callers until/)).toBeVisible();

    await userEvent.click(
      screen.getByRole('button', { name: 'Take calls again' }),
    );
    expect(api.resumeTakingCalls).toHaveBeenCalledTimes(1);
    expect(
      await screen.findByRole('button', { name: 'Stop taking calls' }),
    ).toBeVisible();
  });

  it('stays for an away responder with nobody waiting, so that they can come back', async () => {
    const api = mockIncomingCallApi({
      getLine: jest.fn().mockResolvedValue({
        ...NOBODY,
        you: { userRef: ANA, awayUntil: '2030-01-01T10:00:00.000Z' },
      }),
    });
    await renderWithApis(<LinePanel />, api);
    expect(
      await screen.findByRole('button', { name: 'Take calls again' }),
    ).toBeVisible();
    expect(
      screen.queryByRole('button', { name: 'Take next caller' }),
    ).toBeNull();
  });

  it('reads the line again on an alert signal of the team', async () => {
    const { signals, send } = mockSignalApi();
    const awayAlone: LineView = {
      ...NOBODY,
      you: { userRef: ANA, awayUntil: '2030-01-01T10:00:00.000Z' },
    };
    const api = mockIncomingCallApi({
      getLine: jest
        .fn()
        .mockResolvedValueOnce(awayAlone)
        .mockResolvedValue(line({ awayUntil: awayAlone.you.awayUntil })),
    });
    await renderWithApis(
      <LinePanel team={{ namespace: 'default', name: 'platform' }} />,
      api,
      { signals },
    );
    expect(
      await screen.findByRole('button', { name: 'Take calls again' }),
    ).toBeVisible();
    expect(api.getLine).toHaveBeenCalledTimes(1);
    expect(api.getLine).toHaveBeenCalledWith({
      namespace: 'default',
      name: 'platform',
    });

    // Another team's alert changes nothing here.
    await send({
      alertId: 'alert-7',
      teamRef: 'group:default/payments',
      change: 'created',
    });
    expect(api.getLine).toHaveBeenCalledTimes(1);

    // Not awaited: awaiting act() would let the new answer land outside it.
    send({ alertId: 'alert-1', teamRef: PLATFORM, change: 'created' });
    expect(await screen.findByText('+4930555001')).toBeVisible();
    expect(api.getLine).toHaveBeenCalledTimes(2);
  });
});
