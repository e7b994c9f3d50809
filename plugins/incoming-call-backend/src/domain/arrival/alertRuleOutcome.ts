import {
  type AlertPriority,
  DEFAULT_ALERT_PRIORITY,
  describeAlertRuleActions,
  type IntegrationConfig,
  matchAlertRule,
} from '@icr/plugin-incoming-call-common';
import type { ExtraRecipients } from '../roster/dialPlan';

/** What the integration's alert rules make of a caller's alert. */
export interface AlertRuleOutcome {
  priority: AlertPriority;
  tags: string[];
  /** The name of the rule that matched; absent when none did. */
  alertRule?: string;
  /** The rule said "no notifications". */
  notificationsMuted: boolean;
  /** The rule's recipients, rung after the plan's own. */
  extra?: ExtraRecipients;
  /** The timeline's line, when a rule matched. */
  message?: string;
}

/**
 * The alert of a call from `callerNumber`, as the first of the
 * integration's alert rules that matches it says (P3 and no tags when
 * none does). Shared by arrivals and degraded mode. Pure.
 */
export function alertRuleOutcome(
  config: IntegrationConfig,
  callerNumber: string,
): AlertRuleOutcome {
  // Integrations saved before alert rules existed have none stored.
  const matched = matchAlertRule(config.alertRules ?? [], callerNumber);
  if (!matched) {
    return {
      priority: DEFAULT_ALERT_PRIORITY,
      tags: [],
      notificationsMuted: false,
    };
  }
  const { rule } = matched;
  return {
    priority: rule.actions.priority ?? DEFAULT_ALERT_PRIORITY,
    tags: rule.actions.tags,
    alertRule: rule.name,
    notificationsMuted: rule.actions.notify === false,
    ...(rule.actions.extraRecipients.length > 0 && {
      extra: {
        ruleName: rule.name,
        recipients: rule.actions.extraRecipients,
      },
    }),
    message: `Rule '${rule.name}' matched: ${describeAlertRuleActions(rule)}`,
  };
}
