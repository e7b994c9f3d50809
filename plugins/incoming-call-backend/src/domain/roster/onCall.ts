import type {
  OnCallParty,
  RoutingSchedule,
} from '@icr/plugin-incoming-call-common';
import type { DateTime } from 'luxon';
import { layerOnDuty, localTime } from './layerOnDuty';

/** A temporary replacement on a schedule, kept in the database. */
export interface Override {
  scheduleRef: string;
  userRef: string;
  start: Date;
  end: Date;
  /**
   * The layer the user takes over; without one, the user takes over the
   * whole schedule.
   */
  layer?: string;
}

/**
 * The schedule's on-call parties at an instant, in layer order.
 *
 * An override in force for the whole schedule wins over every layer.
 * Otherwise each layer with someone on duty is a party (cumulative, as in
 * Opsgenie), an override in force for that layer taking its place; with
 * `layering: override` only the last of them is (as in PagerDuty). Where
 * several overrides cover the same instant and scope, the first listed wins
 * (the store lists the newest first).
 */
export function onCallAt(
  schedule: RoutingSchedule,
  overrides: readonly Override[],
  at: Date,
  local: DateTime = localTime(schedule.timeZone, at),
): OnCallParty[] {
  const t = at.getTime();
  const inForce = overrides.filter(
    o =>
      o.scheduleRef === schedule.ref &&
      o.start.getTime() <= t &&
      t < o.end.getTime(),
  );
  const whole = inForce.find(o => o.layer === undefined);
  if (whole) return [{ participant: whole.userRef, source: 'override' }];

  const parties: OnCallParty[] = [];
  for (const layer of schedule.layers) {
    // An override of a layer puts its user on call for the whole window,
    // even where the layer's own restrictions would leave it off duty.
    const override = inForce.find(o => o.layer === layer.name);
    const participant =
      override?.userRef ?? layerOnDuty(layer, schedule.timeZone, local);
    if (participant) {
      parties.push({
        participant,
        source: override ? `override for ${layer.name}` : layer.name,
      });
    }
  }
  return schedule.layering === 'override' ? parties.slice(-1) : parties;
}
