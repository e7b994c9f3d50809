import type {
  AlertOutcome,
  AlertStatus,
  ContactMethod,
  IntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import type { CallCommand, DialStep } from '../engine/callEngine';

/** Why a user is notified (the channel contract's `NotificationReason`). */
export type NotificationReason = 'incoming-call' | 'unanswered' | 'voicemail';

/** One notification the outbox is to send: a user, by a method, at a time. */
export interface PlannedNotification {
  /** Unique per alert, step, user and method: the outbox inserts it once. */
  key: string;
  alertId: string;
  /** The tier of the call's dial plan (repeats counted on), from 0. */
  step: number;
  userRef: string;
  method: ContactMethod;
  reason: NotificationReason;
  /** When it is due (ms). */
  dueAt: number;
}

/** What the call did that may call for notifications. */
export type NotificationTrigger =
  /** The call reached its dial plan: it arrived, or a menu option was chosen. */
  | { kind: 'routed'; at: number }
  /** The caller left a voicemail. */
  | { kind: 'voicemail'; at: number };

export interface NotificationPlanInput {
  alertId: string;
  /** The integration's notification mode. */
  notification: IntegrationConfig['notification'];
  trigger: NotificationTrigger;
  /** When the call arrived (ms): a delayed notification counts from it. */
  arrivedAt: number;
  /** The call's dial plan as its session holds it (the chosen option's, with a menu). */
  plan: DialStep[];
  /** How long each responder rings: a repeat starts once its pass has run out. */
  ringTimeoutSeconds: number;
  /** The methods a user is reached by (their contact methods that have a channel). */
  methodsOf: (userRef: string) => readonly ContactMethod[];
  /** An alert rule said "no notifications" for this caller. */
  suppressed?: boolean;
}

/** One tier of the plan: users rung together, at a delay into their pass. */
interface Tier {
  pass: number;
  afterSeconds: number;
  userRefs: string[];
}

/** The plan's steps regrouped into its tiers (consecutive steps sharing pass and delay). */
function tiersOf(plan: DialStep[]): Tier[] {
  const tiers: Tier[] = [];
  for (const step of plan) {
    const pass = step.pass ?? 0;
    const last = tiers.at(-1);
    if (last && last.pass === pass && last.afterSeconds === step.afterSeconds) {
      last.userRefs.push(step.userRef);
    } else {
      tiers.push({
        pass,
        afterSeconds: step.afterSeconds,
        userRefs: [step.userRef],
      });
    }
  }
  return tiers;
}

/**
 * Seconds from the first pass's start to each tier's moment. Within a pass,
 * a tier is due at its delay. A repeat starts once the pass before it has
 * run out, which is worked out as the engine dials when nobody answers: one
 * responder at a time, each ringing the full timeout, a tier not before its
 * delay. (A phone that refuses at once makes a real repeat start sooner.)
 */
function tierOffsets(tiers: Tier[], ringTimeoutSeconds: number): number[] {
  const offsets: number[] = [];
  let passStart = 0;
  let ranUntil = 0;
  let pass = tiers[0]?.pass ?? 0;
  for (const tier of tiers) {
    if (tier.pass !== pass) {
      passStart += ranUntil;
      ranUntil = 0;
      pass = tier.pass;
    }
    offsets.push(passStart + tier.afterSeconds);
    ranUntil =
      Math.max(ranUntil, tier.afterSeconds) +
      tier.userRefs.length * ringTimeoutSeconds;
  }
  return offsets;
}

/**
 * Which notifications a call calls for, and when: one step per tier of its
 * dial plan (repeats included), each user of the tier by each of their
 * methods. Mode `default`: from the moment the call reached its plan;
 * `delayed`: from `delayMinutes` after the call arrived (whether nobody
 * answered by then is checked when each is sent); `voicemail`: from the
 * voicemail, and only then. Pure: the same input gives the same plan.
 */
export function planNotifications(
  input: NotificationPlanInput,
): PlannedNotification[] {
  const { notification, trigger, alertId } = input;
  if (input.suppressed) return [];
  let start: number;
  let reason: NotificationReason;
  if (notification.mode === 'voicemail') {
    if (trigger.kind !== 'voicemail') return [];
    start = trigger.at;
    reason = 'voicemail';
  } else {
    if (trigger.kind !== 'routed') return [];
    if (notification.mode === 'delayed') {
      start = input.arrivedAt + (notification.delayMinutes ?? 0) * 60_000;
      reason = 'unanswered';
    } else {
      start = trigger.at;
      reason = 'incoming-call';
    }
  }
  const tiers = tiersOf(input.plan);
  const offsets = tierOffsets(tiers, input.ringTimeoutSeconds);
  const planned: PlannedNotification[] = [];
  const keys = new Set<string>();
  tiers.forEach((tier, step) => {
    for (const userRef of tier.userRefs) {
      for (const method of input.methodsOf(userRef)) {
        const key = notificationKey(alertId, step, userRef, method);
        if (keys.has(key)) continue;
        keys.add(key);
        planned.push({
          key,
          alertId,
          step,
          userRef,
          method,
          reason,
          dueAt: start + offsets[step] * 1000,
        });
      }
    }
  });
  return planned;
}

/** "Users to try" at its most: how far a voicemail-only call's plan reaches. */
export const NOTIFY_ONLY_USERS_TO_TRY = 50;

/**
 * Whom a voicemail-only integration ("users to try" 0) notifies: it dials
 * nobody, so the call's own plan is empty; its recipients are notified
 * instead (with an auto-attendant, those of the option chosen: the key
 * pressed, else the `*` option; none before the choice).
 */
export function notifyOnlyRecipients(
  config: Pick<IntegrationConfig, 'recipients' | 'autoAttendant'>,
  chosenKey: string | undefined,
): readonly string[] {
  const { autoAttendant } = config;
  if (!autoAttendant.enabled) return config.recipients;
  if (chosenKey === undefined) return [];
  const option =
    autoAttendant.options.find(o => o.key === chosenKey) ??
    autoAttendant.options.find(o => o.key === '*');
  return option?.recipients ?? [];
}

/** The outbox's unique key of one notification. */
export function notificationKey(
  alertId: string,
  step: number,
  userRef: string,
  method: ContactMethod,
): string {
  return `${alertId}/${step}/${userRef}/${method}`;
}

/**
 * Whether an alert still wants its notifications sent: not once it is
 * acknowledged or closed (by hand, on any replica, or by the call: the
 * answerer acknowledges, an abandoned call closes), nor once the call was
 * answered or abandoned.
 */
export function stillWanted(alert: {
  status: AlertStatus;
  outcome: AlertOutcome;
}): boolean {
  return (
    alert.status === 'open' &&
    alert.outcome !== 'answered' &&
    alert.outcome !== 'abandoned'
  );
}

/**
 * Whether a transition of the call ends its notifications: it was answered
 * (the answerer acknowledges), the caller hung up before anyone answered,
 * or the alert closed.
 */
export function stopsNotifications(commands: CallCommand[]): boolean {
  return commands.some(
    c =>
      c.type === 'acknowledge' ||
      c.type === 'close-alert' ||
      (c.type === 'set-outcome' &&
        (c.outcome === 'answered' || c.outcome === 'abandoned')),
  );
}
