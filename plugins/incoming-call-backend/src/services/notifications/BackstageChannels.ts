import type { NotificationService as BackstageNotifications } from '@backstage/plugin-notifications-node';
import type { ContactMethod } from '@icr/plugin-incoming-call-common';
import {
  notificationText,
  severityOf,
} from '../../domain/notifications/notificationMessage';
import type {
  NotificationChannel,
  NotificationDelivery,
} from './NotificationChannel';

/**
 * The notification topics: which of Backstage's channels a notification
 * takes is chosen by its topic. The e-mail processor is configured to leave
 * out `incoming-call` (`filter.excludedTopics`), and the inbox (channel
 * `Web`) to leave out `incoming-call-email` (`notifications.defaultSettings`),
 * see the backend README.
 */
export const NOTIFICATION_TOPICS = {
  backstage: 'incoming-call',
  email: 'incoming-call-email',
} as const satisfies Partial<Record<ContactMethod, string>>;

/**
 * A contact method carried by Backstage's notifications backend: `backstage`
 * (the inbox, and the browser's web notification) or `email` (the
 * notifications e-mail processor, which mails the user entity's
 * `spec.profile.email`).
 */
class BackstageNotificationChannel implements NotificationChannel {
  constructor(
    readonly method: 'backstage' | 'email',
    private readonly notifications: BackstageNotifications,
  ) {}

  async send(delivery: NotificationDelivery): Promise<void> {
    if (this.method === 'email' && !delivery.user.email) {
      throw new Error('the user has no e-mail address in the catalog');
    }
    const { title, description } = notificationText(delivery);
    await this.notifications.send({
      recipients: { type: 'entity', entityRef: delivery.user.ref },
      payload: {
        title,
        description,
        link: delivery.alert.link,
        severity: severityOf(delivery.alert.priority),
        topic: NOTIFICATION_TOPICS[this.method],
      },
    });
  }
}

/** The `backstage` and `email` channels, over Backstage's notification service. */
export function backstageChannels(
  notifications: BackstageNotifications,
): NotificationChannel[] {
  return [
    new BackstageNotificationChannel('backstage', notifications),
    new BackstageNotificationChannel('email', notifications),
  ];
}
