import type {
  Alert,
  AlertWithTimeline,
} from '@icr/plugin-incoming-call-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockIncomingCallApi,
  renderForTeam,
} from '../../__testUtils__/renderForTeam';
import { CallAlertsContent } from './CallAlertsContent';

// Typing into MUI fields is slow on a loaded 2-core CI machine.
jest.setTimeout(20_000);

const platform = { namespace: 'default', name: 'platform' };

function alert(id: string, callerNumber: string): Alert {
  return {
    id,
    teamRef: 'group:default/platform',
    integrationId: 'integration-1',
    callerNumber,
    dialledNumber: '+14155550100',
    status: 'acknowledged',
    priority: 'P2',
    tags: [],
    acknowledgedBy: 'user:default/ana',
    createdAt: '2024-05-02T10:00:00Z',
    updatedAt: '2024-05-02T10:05:00Z',
  };
}

const withTimeline: AlertWithTimeline = {
  ...alert('alert-1', '+4930123456'),
  // Out of order on purpose: the timeline shows them by time.
  events: [
    {
      id: 'e2',
      alertId: 'alert-1',
      type: 'answered',
      at: '2024-05-02T10:00:20Z',
      message: 'Ana answered',
      userRef: 'user:default/ana',
    },
    {
      id: 'e1',
      alertId: 'alert-1',
      type: 'call-received',
      at: '2024-05-02T10:00:00Z',
      message: 'Call from +4930123456',
      userRef: null,
    },
  ],
};

describe('CallAlertsContent', () => {
  it('explains that calls will show up here when there are none yet', async () => {
    const api = mockIncomingCallApi();
    await renderForTeam(<CallAlertsContent />, api);

    expect(screen.getByText('No calls yet')).toBeInTheDocument();
    expect(
      screen.getByText(/Every call to one of the team's phone numbers/),
    ).toBeInTheDocument();
    expect(api.listAlerts).toHaveBeenCalledWith(platform, { limit: 20 });
  });

  it("lists the team's alerts and shows a call's timeline when opened", async () => {
    const api = mockIncomingCallApi({
      listAlerts: jest.fn().mockResolvedValue({
        items: [alert('alert-1', '+4930123456'), alert('alert-2', '+4930999')],
      }),
      getAlert: jest.fn().mockResolvedValue(withTimeline),
    });
    await renderForTeam(<CallAlertsContent />, api);

    expect(screen.getByText('+4930123456')).toBeInTheDocument();
    expect(screen.getByText('+4930999')).toBeInTheDocument();
    expect(screen.getAllByText('acknowledged')).toHaveLength(2);
    expect(screen.getAllByText('P2')).toHaveLength(2);
    expect(screen.getAllByText('user:default/ana')).toHaveLength(2);
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
      expect.stringContaining('Ana answered'),
    ]);
    expect(steps[1]).toContain('user:default/ana');
  });

  it('loads the next page with the cursor of the previous one', async () => {
    const api = mockIncomingCallApi({
      listAlerts: jest
        .fn()
        .mockResolvedValueOnce({
          items: [alert('alert-1', '+4930111')],
          nextCursor: 'cursor-2',
        })
        .mockResolvedValueOnce({ items: [alert('alert-2', '+4930222')] }),
    });
    await renderForTeam(<CallAlertsContent />, api);

    expect(screen.getByText('+4930111')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));

    expect(await screen.findByText('+4930222')).toBeInTheDocument();
    expect(screen.getByText('+4930111')).toBeInTheDocument();
    expect(api.listAlerts).toHaveBeenLastCalledWith(platform, {
      limit: 20,
      cursor: 'cursor-2',
    });
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });
});
