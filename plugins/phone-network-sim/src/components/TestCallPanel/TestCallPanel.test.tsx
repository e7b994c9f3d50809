import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  DialPlan,
  DialTier,
  IntegrationDialPlan,
  PlannedUser,
} from '@icr/plugin-incoming-call-common';
import type {
  SimulatedCall,
  SimulatedMessage,
  TestCallInput,
} from '@icr/plugin-phone-network-sim-common';
import {
  mockPhoneNetworkApi,
  renderForTeam,
} from '../../__testUtils__/renderForTeam';
import { TestCallPanel } from './TestCallPanel';

// Typing into MUI fields is slow on a loaded 2-core CI machine, and the
// panel polls once a second.
jest.setTimeout(20_000);

const caller: SimulatedCall = {
  sid: 'CA-caller',
  from: '+4930555000',
  to: '+14155550100',
  direction: 'inbound',
  createdAt: 0,
  bridges: [],
  status: 'ringing',
  heard: [],
};

const otherCall: SimulatedCall = {
  sid: 'CA-other',
  from: '+4930555999',
  to: '+14155550100',
  direction: 'inbound',
  createdAt: 0,
  bridges: [],
  status: 'completed',
  heard: ['Earlier call'],
};

const connectedCaller: SimulatedCall = {
  ...caller,
  status: 'in-progress',
  heard: ['You have reached the Platform support line.', 'Connecting you.'],
  bridgedWith: 'CA-carol',
};

const carol: SimulatedCall = {
  sid: 'CA-carol',
  from: '+14155550100',
  to: '+14155550101',
  direction: 'outbound-api',
  createdAt: 0,
  bridges: [],
  status: 'in-progress',
  heard: ['Press 1 to accept the call.'],
  bridgedWith: 'CA-caller',
};

const user = (displayName: string, phone: string): PlannedUser => ({
  userRef: `user:default/${displayName.toLowerCase()}`,
  displayName,
  phone,
  reason: 'on call',
});

const planOf = (
  tiers: Array<Omit<DialTier, 'pass'> & { pass?: number }>,
): DialPlan => ({
  tiers: tiers.map(tier => ({ pass: 0, ...tier })),
  skipped: [],
  voicemailOnly: false,
});

const itemsOf = (list: HTMLElement) =>
  within(list)
    .getAllByRole('listitem')
    .map(item => item.textContent);

/**
 * The panel disables the parties' buttons while a move is sent and the
 * calls are re-read, and replaces them when a call changes; a click in
 * that window, or on a button already gone, would be lost. So the button
 * is looked up afresh once it can take the click.
 */
async function clickWhenEnabled(button: () => HTMLElement) {
  await waitFor(() => expect(button()).toBeEnabled());
  await userEvent.click(button());
}

describe('TestCallPanel', () => {
  it('renders nothing without the simulated phone network', async () => {
    const api = mockPhoneNetworkApi();
    await renderForTeam(<TestCallPanel numbers={['+14155550100']} />, api);

    await waitFor(() => expect(api.listTestCalls).toHaveBeenCalled());
    expect(screen.queryByText('Test call')).not.toBeInTheDocument();
  });

  it('asks for a saved number before a call can be placed', async () => {
    const api = mockPhoneNetworkApi({
      listTestCalls: jest.fn().mockResolvedValue([]),
    });
    await renderForTeam(<TestCallPanel numbers={[]} />, api);

    expect(await screen.findByText('Test call')).toBeInTheDocument();
    expect(
      screen.getByText('Add a phone number and save to place a test call.'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Place test call' }),
    ).toBeDisabled();
  });

  it('places a call, follows each party and hangs up', async () => {
    let callersParties = [connectedCaller, carol];
    // The backend lists a caller's own parties; everything else is another call.
    const listTestCalls = jest.fn(async (options?: { caller?: string }) =>
      options?.caller === 'CA-caller' ? callersParties : [otherCall],
    );
    const api = mockPhoneNetworkApi({
      listTestCalls,
      placeTestCall: jest.fn().mockResolvedValue(caller),
      // The network changes when the caller hangs up, not before.
      hangUpTestCall: jest.fn(async (_sid: string) => {
        callersParties = [
          { ...connectedCaller, status: 'completed' },
          { ...carol, status: 'completed' },
        ];
      }),
    });
    await renderForTeam(
      <TestCallPanel numbers={['+14155550199', '+14155550100']} />,
      api,
    );

    expect(await screen.findByLabelText('Call from')).toHaveValue(
      '+4930555000',
    );
    await userEvent.selectOptions(
      screen.getByLabelText('Call to'),
      '+14155550100',
    );
    await userEvent.type(screen.getByLabelText('Keys to press'), '1');
    await userEvent.clear(screen.getByLabelText('Voicemail length (seconds)'));
    await userEvent.type(
      screen.getByLabelText('Voicemail length (seconds)'),
      '20',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Place test call' }),
    );

    await waitFor(() => expect(api.placeTestCall).toHaveBeenCalled());
    expect(api.placeTestCall).toHaveBeenCalledWith({
      from: '+4930555000',
      to: '+14155550100',
      keys: ['1'],
      voicemailSeconds: 20,
    });
    expect(
      await screen.findByText('Caller +4930555000: ringing'),
    ).toBeInTheDocument();

    expect(
      await screen.findByText(
        'Caller +4930555000: in-progress, connected',
        undefined,
        { timeout: 3000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Responder +14155550101: in-progress, connected'),
    ).toBeInTheDocument();
    expect(
      itemsOf(
        screen.getByRole('list', { name: 'Heard by Caller +4930555000' }),
      ),
    ).toEqual([
      'You have reached the Platform support line.',
      'Connecting you.',
    ]);
    expect(
      itemsOf(
        screen.getByRole('list', { name: 'Heard by Responder +14155550101' }),
      ),
    ).toEqual(['Press 1 to accept the call.']);
    // Only the caller's own parties are asked for.
    expect(listTestCalls).toHaveBeenLastCalledWith({ caller: 'CA-caller' });
    expect(screen.queryByText('Earlier call')).not.toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Place test call' }),
    ).toBeDisabled();

    await clickWhenEnabled(() =>
      screen.getByRole('button', { name: 'Hang up' }),
    );

    expect(api.hangUpTestCall).toHaveBeenCalledWith('CA-caller');
    await waitFor(
      () =>
        expect(
          screen.queryByRole('button', { name: 'Hang up' }),
        ).not.toBeInTheDocument(),
      { timeout: 3000 },
    );
    expect(
      screen.getByText('Caller +4930555000: completed, connected'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Place test call' }),
    ).toBeEnabled();
  });

  it('plays each party live: keys, answering, declining and ending a call', async () => {
    const answering: SimulatedCall = {
      sid: 'CA-ana',
      from: '+14155550100',
      to: '+14155550101',
      direction: 'outbound-api',
      createdAt: 0,
      bridges: [],
      status: 'ringing',
      heard: [],
    };
    const declining: SimulatedCall = {
      ...answering,
      sid: 'CA-bob',
      to: '+14155550102',
    };
    const someoneElse: SimulatedCall = {
      ...otherCall,
      sid: 'CA-someone',
      status: 'in-progress',
    };
    const inMenu = {
      ...caller,
      status: 'in-progress' as const,
      heard: ['Press 1 for support.'],
    };
    // A tiny network: each move changes the calls, as the real one would.
    let network: SimulatedCall[] = [inMenu, answering, declining, someoneElse];
    const update = (sid: string, change: Partial<SimulatedCall>) => {
      network = network.map(call =>
        call.sid === sid ? { ...call, ...change } : call,
      );
    };
    const listTestCalls = jest.fn(async (options?: { caller?: string }) =>
      options?.caller === 'CA-caller'
        ? network.filter(call => call.sid !== 'CA-someone')
        : [],
    );
    const api = mockPhoneNetworkApi({
      listTestCalls,
      placeTestCall: jest.fn().mockResolvedValue(caller),
      pressTestCallKeys: jest.fn().mockResolvedValue(undefined),
      answerTestCall: jest.fn(async (sid: string) =>
        update(sid, { status: 'in-progress', heard: ['Press 1 to take it.'] }),
      ),
      hangUpTestCall: jest.fn(async (sid: string) =>
        update(sid, { status: sid === 'CA-bob' ? 'busy' : 'completed' }),
      ),
    });
    await renderForTeam(<TestCallPanel numbers={['+14155550100']} />, api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Place test call' }),
    );

    const party = (name: string) => screen.getByRole('group', { name });
    await waitFor(
      () =>
        expect(
          within(party('Caller +4930555000')).getByRole('group', {
            name: 'Keypad of Caller +4930555000',
          }),
        ).toBeInTheDocument(),
      { timeout: 3000 },
    );
    // Another caller's test call is not part of this one.
    expect(screen.queryByText(/\+4930555999/)).not.toBeInTheDocument();

    const button = (partyName: string, name: string) => () =>
      within(party(partyName)).getByRole('button', { name });
    await clickWhenEnabled(button('Caller +4930555000', 'Press 1'));
    expect(api.pressTestCallKeys).toHaveBeenCalledWith('CA-caller', '1');

    // Ringing responders can be answered or declined, not dialled.
    expect(
      within(party('Responder +14155550101')).queryByRole('button', {
        name: 'Press 1',
      }),
    ).not.toBeInTheDocument();
    await clickWhenEnabled(button('Responder +14155550102', 'Decline'));
    expect(api.hangUpTestCall).toHaveBeenCalledWith('CA-bob');
    expect(
      await screen.findByText('Responder +14155550102: busy'),
    ).toBeInTheDocument();

    await clickWhenEnabled(button('Responder +14155550101', 'Answer'));
    expect(api.answerTestCall).toHaveBeenCalledWith('CA-ana');
    await clickWhenEnabled(button('Responder +14155550101', 'Press #'));
    expect(api.pressTestCallKeys).toHaveBeenCalledWith('CA-ana', '#');

    await clickWhenEnabled(button('Responder +14155550101', 'End call'));
    expect(api.hangUpTestCall).toHaveBeenCalledWith('CA-ana');
  });

  it('sets how the phones of the dial plan behave', async () => {
    const api = mockPhoneNetworkApi({
      listTestCalls: jest.fn().mockResolvedValue([]),
      getDialPlan: jest.fn().mockResolvedValue({
        ringTimeoutSeconds: 25,
        recipients: null,
        // Every option's responders have a phone to set.
        menuOptions: [
          {
            key: '1',
            label: 'Outages',
            plan: planOf([
              {
                delayMinutes: 0,
                users: [
                  user('Ana', '+14155550101'),
                  user('Carol', '+14155550103'),
                ],
              },
              {
                pass: 1,
                delayMinutes: 0,
                users: [user('Ana', '+14155550101')],
              },
            ]),
          },
          {
            key: '*',
            label: 'Anything else',
            plan: planOf([
              { delayMinutes: 0, users: [user('Erin', '+14155550105')] },
            ]),
          },
        ],
      } satisfies IntegrationDialPlan),
      listTestPhones: jest.fn().mockResolvedValue({ '+14155550103': 'busy' }),
      setTestPhone: jest.fn().mockResolvedValue(undefined),
    });
    await renderForTeam(<TestCallPanel numbers={['+14155550100']} />, api);

    const ana = await screen.findByLabelText('Ana +14155550101');
    expect(ana).toHaveValue('confirm');
    expect(screen.getByLabelText('Carol +14155550103')).toHaveValue('busy');
    expect(screen.getAllByLabelText(/^Ana/)).toHaveLength(1);
    expect(screen.getByLabelText('Erin +14155550105')).toHaveValue('confirm');
    expect(api.getDialPlan).toHaveBeenCalledWith({
      namespace: 'default',
      name: 'platform',
    });

    await userEvent.selectOptions(ana, 'ring');
    expect(api.setTestPhone).toHaveBeenCalledWith('+14155550101', 'ring');
    await waitFor(() => expect(ana).toHaveValue('ring'));
    expect(
      screen.getByRole('option', {
        name: 'Rings: answer it here, or it rings out',
        selected: true,
      }),
    ).toBeInTheDocument();
  });

  it('names the responders and says what the caller waits for, by the option they chose', async () => {
    const waitingCaller: SimulatedCall = {
      ...caller,
      status: 'in-progress',
      queue: 'QU-caller',
    };
    const anaRangOut: SimulatedCall = {
      sid: 'CA-ana',
      from: '+14155550100',
      to: '+14155550101',
      direction: 'outbound-api',
      createdAt: 0,
      bridges: [],
      status: 'no-answer',
      heard: [],
    };
    const api = mockPhoneNetworkApi({
      listTestCalls: jest.fn(async (options?: { caller?: string }) =>
        options?.caller ? [waitingCaller, anaRangOut] : [],
      ),
      placeTestCall: jest.fn().mockResolvedValue(waitingCaller),
      getDialPlan: jest.fn().mockResolvedValue({
        ringTimeoutSeconds: 25,
        recipients: null,
        menuOptions: [
          {
            key: '1',
            label: 'Outages',
            plan: planOf([
              { delayMinutes: 0, users: [user('Ana', '+14155550101')] },
              { delayMinutes: 5, users: [user('Carol', '+14155550103')] },
            ]),
          },
          {
            key: '*',
            label: 'Anything else',
            plan: planOf([
              {
                delayMinutes: 0,
                users: [
                  user('Ana', '+14155550101'),
                  user('Erin', '+14155550105'),
                ],
              },
            ]),
          },
        ],
      } satisfies IntegrationDialPlan),
    });
    await renderForTeam(<TestCallPanel numbers={['+14155550100']} />, api);
    await userEvent.type(await screen.findByLabelText('Keys to press'), '1');
    await userEvent.click(
      screen.getByRole('button', { name: 'Place test call' }),
    );

    expect(
      await screen.findByText(
        'Responder Ana +14155550101: no-answer',
        undefined,
        { timeout: 3000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(
      'Waiting for the next tier, 5 min after the first ring (Carol)',
    );
  });

  it('shows the text messages each phone received since the call was placed', async () => {
    const sms = (sid: string, to: string, body: string): SimulatedMessage => ({
      sid,
      from: '+14155550100',
      to,
      body,
      status: 'delivered',
      dateCreated: '2026-12-01T21:00:00.000Z',
    });
    const earlier = sms('SM-earlier', '+14155550101', 'An earlier call');
    let messages = [earlier];
    const api = mockPhoneNetworkApi({
      listTestCalls: jest.fn(async () => [connectedCaller, carol]),
      listTestMessages: jest.fn(async () => messages),
      placeTestCall: jest.fn(async (_input: TestCallInput) => {
        // The backend notifies the responders as the call comes in.
        messages = [
          earlier,
          sms(
            'SM-ana',
            '+14155550101',
            '[P1] Incoming call for Platform from +4930555000 https://backstage.example.com/alerts/42',
          ),
          sms('SM-bob', '+14155550102', '[P1] Incoming call for Platform'),
        ];
        return caller;
      }),
      getDialPlan: jest.fn().mockResolvedValue({
        ringTimeoutSeconds: 25,
        recipients: planOf([
          { delayMinutes: 0, users: [user('Ana', '+14155550101')] },
        ]),
        menuOptions: [],
      } satisfies IntegrationDialPlan),
    });
    await renderForTeam(<TestCallPanel numbers={['+14155550100']} />, api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Place test call' }),
    );

    const toAna = await screen.findByRole('list', {
      name: 'SMS to Ana +14155550101',
    });
    expect(itemsOf(toAna)).toEqual([
      '[P1] Incoming call for Platform from +4930555000 https://backstage.example.com/alerts/42From +14155550100, delivered',
    ]);
    expect(
      itemsOf(screen.getByRole('list', { name: 'SMS to +14155550102' })),
    ).toEqual(['[P1] Incoming call for PlatformFrom +14155550100, delivered']);
    // What the phones had before this call is not this call's.
    expect(screen.queryByText('An earlier call')).not.toBeInTheDocument();
  });
});
