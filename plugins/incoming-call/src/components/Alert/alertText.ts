import type {
  Alert,
  AlertEvent,
  AlertOutcome,
} from '@icr/plugin-incoming-call-common';

const OUTCOME_LABELS: Record<AlertOutcome, string> = {
  pending: 'Caller waiting',
  answered: 'Answered',
  voicemail: 'Voicemail',
  abandoned: 'Abandoned',
  blocked: 'Blocked',
};

/** How the call went, in words. */
export function outcomeLabel(outcome: AlertOutcome): string {
  return OUTCOME_LABELS[outcome];
}

/**
 * How the alert's call went; a dash for an incident, which is no call of
 * its own (its calls each have theirs).
 */
export function alertOutcomeLabel(alert: Alert): string {
  return alert.childCount === undefined ? outcomeLabel(alert.outcome) : '—';
}

/** "45 s", "3 min 05 s"; a dash while the call lasts. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) {
    return '—';
  }
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds % 60);
  return minutes === 0
    ? `${rest} s`
    : `${minutes} min ${String(rest).padStart(2, '0')} s`;
}

/** While nobody has answered and the caller is on the line. */
export function callerWaiting(alert: Alert): boolean {
  return alert.outcome === 'pending' && alert.status === 'open';
}

/**
 * How a notification on the timeline went (the backend says so on
 * `notification`); undefined for other events.
 */
export function notificationOutcome(
  event: Pick<AlertEvent, 'notification'>,
): 'sent' | 'failed' | undefined {
  return event.notification?.outcome;
}
