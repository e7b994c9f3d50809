import {
  WEEKDAYS,
  type Restriction,
  type Rotation,
  type ScheduleLayer,
} from '@icr/plugin-incoming-call-common';
import { DateTime, type DurationLikeObject } from 'luxon';

type Unit = 'hours' | 'days' | 'weeks';

function rotationLength(rotation: Rotation): { every: number; unit: Unit } {
  switch (rotation) {
    case 'hourly':
      return { every: 1, unit: 'hours' };
    case 'daily':
      return { every: 1, unit: 'days' };
    case 'weekly':
      return { every: 1, unit: 'weeks' };
    default:
      return rotation;
  }
}

const minutesOfDay = (hhmm: string) =>
  Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const weekday = (local: DateTime) => WEEKDAYS[local.weekday - 1];

/**
 * Whether a restriction window covers a local instant. A window whose end is
 * not after its start runs past midnight, and belongs to the day it starts.
 */
export function restrictionCovers(
  restriction: Restriction,
  local: DateTime,
): boolean {
  const from = minutesOfDay(restriction.from);
  const to = minutesOfDay(restriction.to);
  const now = local.hour * 60 + local.minute;
  const onDay = (day: DateTime) =>
    !restriction.days || restriction.days.includes(weekday(day));
  if (from < to) {
    return onDay(local) && now >= from && now < to;
  }
  return (
    (onDay(local) && now >= from) ||
    (onDay(local.minus({ days: 1 })) && now < to)
  );
}

/**
 * Who of a layer's participants is on duty at an instant, or undefined when
 * the layer has not started or its restrictions leave it off duty.
 *
 * Hand-offs are counted in the schedule's local calendar: a daily or weekly
 * rotation keeps its local hand-off time across daylight-saving changes,
 * while an hourly one counts real hours.
 */
export function layerOnDuty(
  layer: ScheduleLayer,
  timeZone: string,
  at: Date,
): string | undefined {
  const start = DateTime.fromISO(layer.start, { zone: timeZone });
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (local < start) return undefined;
  if (
    layer.restrictions &&
    !layer.restrictions.some(r => restrictionCovers(r, local))
  ) {
    return undefined;
  }
  const { every, unit } = rotationLength(layer.rotation);
  const handoffAfter = (turns: number) =>
    start.plus({ [unit]: turns * every } as DurationLikeObject);
  // Estimate the turn from the calendar difference, then settle it against
  // the actual hand-off instants (months and DST make the estimate inexact).
  let turn = Math.floor(local.diff(start, unit).get(unit) / every);
  while (turn > 0 && handoffAfter(turn) > local) turn--;
  while (handoffAfter(turn + 1) <= local) turn++;
  return layer.participants[turn % layer.participants.length];
}
