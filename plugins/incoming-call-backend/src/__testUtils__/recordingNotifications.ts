import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  type NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';

/**
 * Backstage's notification service for call tests: keeps what the plugin
 * sends, as the notifications backend would take it.
 */
export function recordingNotifications() {
  const sent: NotificationSendOptions[] = [];
  const factory = createServiceFactory({
    service: notificationService,
    deps: {},
    factory: () => ({
      async send(options: NotificationSendOptions) {
        sent.push(options);
      },
    }),
  });
  return { sent, factory };
}

/** "user topic" per notification sent, e.g. "ana incoming-call-email". */
export const sentTo = (sent: NotificationSendOptions[]) =>
  sent.map(
    s =>
      `${(s.recipients as { entityRef: string }).entityRef.split('/')[1]} ${
        s.payload.topic
      }`,
  );
