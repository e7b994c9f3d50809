import { ANNOTATIONS } from '@icr/plugin-incoming-call-common';
import { notificationText } from '../../domain/notifications/notificationMessage';
import type { TwilioMessages } from '../../twilio/TwilioMessages';
import type {
  NotificationChannel,
  NotificationDelivery,
} from './NotificationChannel';

/**
 * What an SMS of an alert says: its title (priority, reason, team, caller)
 * and the link to the alert's page, short enough to read at a glance.
 */
export function smsBody(delivery: NotificationDelivery): string {
  return `${notificationText(delivery).title} ${delivery.alert.link}`;
}

/**
 * The `sms` contact method: a text message to the user's phone number from
 * the catalog, through Twilio. Without a configured sender (`messages`
 * undefined) every SMS fails with a message saying what to configure, so
 * the timeline shows why nobody got one.
 */
export function createSmsChannel(
  messages: TwilioMessages | undefined,
): NotificationChannel {
  return {
    method: 'sms',
    async send(delivery) {
      const { user } = delivery;
      if (!messages) {
        throw new Error(
          'SMS is not configured: set incomingCall.twilio.smsFrom to a number of the Twilio account or a Messaging Service SID',
        );
      }
      if (!user.phone) {
        throw new Error(
          `${user.displayName} has no phone number in the catalog (annotation ${ANNOTATIONS.phone})`,
        );
      }
      await messages.send(user.phone, smsBody(delivery));
    },
  };
}
