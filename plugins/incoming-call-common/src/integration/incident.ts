import { z } from 'zod';

const count = (what: string, min: number, max: number, unit: string) => {
  const message = `${what} must be between ${min} and ${max} ${unit}`;
  return z
    .number({ message: `${what} must be a whole number of ${unit}` })
    .int(`${what} must be a whole number of ${unit}`)
    .min(min, message)
    .max(max, message);
};

/**
 * Outage mode's grouping: when an integration gets more than `calls` calls
 * within `windowMinutes`, they are grouped under one parent alert (an
 * incident), which is notified once instead of once per caller.
 *
 * @public
 */
export const incidentSchema = z.object({
  enabled: z.boolean().default(true),
  calls: count('The number of calls', 2, 1000, 'calls').default(10),
  windowMinutes: count('The window', 1, 120, 'minutes').default(5),
});

/** @public */
export type IncidentConfig = z.infer<typeof incidentSchema>;

/** What an integration saved before incidents existed groups by. @public */
export const DEFAULT_INCIDENT_CONFIG: IncidentConfig = {
  enabled: true,
  calls: 10,
  windowMinutes: 5,
};

/**
 * The team's open incident, as `GET /teams/:namespace/:name/incident`
 * returns it (no caller data: counts only).
 *
 * @public
 */
export interface OpenIncident {
  /** The parent alert the calls are grouped under. */
  parentAlertId: string;
  title: string;
  /** Every call grouped under it so far. */
  childCount: number;
  /** The calls of the last `windowMinutes`. */
  recentCalls: number;
  windowMinutes: number;
  openedAt: string;
}
