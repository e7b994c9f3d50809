import type { IncidentConfig } from '@icr/plugin-incoming-call-common';

/** What becomes of calls just recorded for one integration. */
export type GroupingDecision =
  /** They stay alerts of their own. */
  | { kind: 'none' }
  /** They join the integration's open incident. */
  | { kind: 'join'; parentAlertId: string }
  /**
   * An incident opens: a parent alert, with every call of the window not
   * grouped yet (these included) linked under it.
   */
  | { kind: 'open'; title: string };

/**
 * Outage mode's grouping, pure. While the integration has an open incident
 * every new call joins it (the incident is open until closed by hand: a
 * lull in the calls does not split the outage in two); otherwise, more
 * than `calls` calls within the window (the new ones counted) open one.
 */
export function decideGrouping(input: {
  config: IncidentConfig;
  /** The integration's open incident's parent alert, if any. */
  openParentAlertId?: string;
  /** The integration's calls in the last `windowMinutes`, the new ones included. */
  callsInWindow: number;
  integrationName: string;
}): GroupingDecision {
  const { config } = input;
  if (!config.enabled) return { kind: 'none' };
  if (input.openParentAlertId) {
    return { kind: 'join', parentAlertId: input.openParentAlertId };
  }
  if (input.callsInWindow <= config.calls) return { kind: 'none' };
  return {
    kind: 'open',
    title: incidentTitle(
      config.calls,
      input.integrationName,
      config.windowMinutes,
    ),
  };
}

/**
 * "Incident: more than 10 calls to Platform hotline in 5 minutes": what
 * opened it, which stays true while more calls join (the count is on the
 * alert).
 */
export function incidentTitle(
  threshold: number,
  integrationName: string,
  windowMinutes: number,
): string {
  const minutes = windowMinutes === 1 ? '1 minute' : `${windowMinutes} minutes`;
  return `Incident: more than ${threshold} calls to ${integrationName} in ${minutes}`;
}
