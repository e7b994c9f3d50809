import { renderInTestApp } from '@backstage/test-utils';
import type { AlertEvent } from '@icr/plugin-incoming-call-common';
import { screen } from '@testing-library/react';
import { AlertTimeline } from './AlertTimeline';
import { notificationOutcome } from './alertText';

const event = (id: string, changes: Partial<AlertEvent>): AlertEvent => ({
  id,
  alertId: 'alert-1',
  type: 'notification-sent',
  at: '2026-12-12T10:00:00Z',
  message: '',
  userRef: 'user:default/ana',
  actorRef: null,
  userName: 'Ana',
  ...changes,
});

describe('notifications on the timeline', () => {
  it('tells a notification sent from one that failed', () => {
    expect(
      notificationOutcome({
        notification: { method: 'email', outcome: 'sent' },
      }),
    ).toBe('sent');
    expect(
      notificationOutcome({
        notification: { method: 'sms', outcome: 'failed', error: 'refused' },
      }),
    ).toBe('failed');
    expect(notificationOutcome({})).toBeUndefined();
  });

  it('shows who was notified, by which channel, and how it went', async () => {
    await renderInTestApp(
      <AlertTimeline
        events={[
          event('e1', {
            message: 'Notified Ana in Backstage',
            notification: { method: 'backstage', outcome: 'sent' },
          }),
          event('e2', {
            at: '2026-12-12T10:05:00Z',
            message:
              'Could not notify Ana by e-mail (escalation step 2): the user has no e-mail address in the catalog',
            notification: {
              method: 'email',
              outcome: 'failed',
              error: 'the user has no e-mail address in the catalog',
            },
          }),
        ]}
      />,
    );
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Notified Ana in Backstage');
    expect(items[0]).toHaveTextContent('Notification sent');
    expect(items[0]).toHaveTextContent('Ana');
    expect(items[1]).toHaveTextContent(
      'Could not notify Ana by e-mail (escalation step 2): the user has no e-mail address in the catalog',
    );
    expect(items[1]).toHaveTextContent('Notification failed');
  });
});
