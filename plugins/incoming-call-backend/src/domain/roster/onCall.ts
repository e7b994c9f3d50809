import type { RoutingSchedule } from '@icr/plugin-incoming-call-common';
import type { DateTime } from 'luxon';
import { layerOnDuty, localTime } from './layerOnDuty';

/** A temporary replacement on a schedule, kept in the database. */
export interface Override {
  scheduleRef: string;
  userRef: string;
  start: Date;
  end: Date;
}

/** Who is on call for a schedule at an instant, and why. */
export interface OnCall {
  /** A user, group or escalation ref. */
  participant: string;
  /** The layer that put them there, or "override". */
  source: string;
}

/**
 * The schedule's on-call party at an instant: an override covering the
 * instant wins; otherwise the last layer that has someone on duty.
 */
export function onCallAt(
  schedule: RoutingSchedule,
  overrides: readonly Override[],
  at: Date,
  local: DateTime = localTime(schedule.timeZone, at),
): OnCall | undefined {
  const t = at.getTime();
  const override = overrides.find(
    o =>
      o.scheduleRef === schedule.ref &&
      o.start.getTime() <= t &&
      t < o.end.getTime(),
  );
  if (override) {
    return { participant: override.userRef, source: 'override' };
  }
  for (let i = schedule.layers.length - 1; i >= 0; i--) {
    const layer = schedule.layers[i];
    const participant = layerOnDuty(layer, schedule.timeZone, local);
    if (participant) return { participant, source: layer.name };
  }
  return undefined;
}
