import type {
  AlertEventType,
  AlertPriority,
} from '@icr/plugin-incoming-call-common';

/** An alert to create. */
export interface NewAlert {
  teamRef: string;
  integrationId: string;
  callerNumber: string;
  dialledNumber: string;
  priority: AlertPriority;
  tags: string[];
  /** The name of the alert rule that matched the caller, if any. */
  alertRule?: string;
  /** The matched alert rule says no notifications. */
  notificationsMuted?: boolean;
  /** The users the call's dial plan rings. */
  responderRefs?: string[];
  at: Date;
}

/** An event to add to an alert's timeline. */
export interface NewAlertEvent {
  /** An idempotency key: adding an event with an id already used fails. */
  id?: string;
  type: AlertEventType;
  message: string;
  userRef?: string;
  /** Who did it, for manual actions. */
  actorRef?: string;
  at: Date;
}
