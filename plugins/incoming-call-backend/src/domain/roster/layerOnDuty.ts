import {
  WEEKDAYS,
  type Restriction,
  type Rotation,
  type ScheduleLayer,
} from '@icr/plugin-incoming-call-common';
import { DateTime } from 'luxon';

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

const UNIT_MS: Record<Unit, number> = {
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 7 * 86_400_000,
};

/** Where a layer starts, worked out once per layer. */
interface LayerStart {
  /** The start as a real instant. */
  instant: number;
  /** The start's local wall-clock time, counted as if it were UTC. */
  wall: number;
}
const starts = new WeakMap<ScheduleLayer, Map<string, LayerStart>>();

function layerStart(layer: ScheduleLayer, timeZone: string): LayerStart {
  let byZone = starts.get(layer);
  if (!byZone) {
    byZone = new Map();
    starts.set(layer, byZone);
  }
  let start = byZone.get(timeZone);
  if (!start) {
    start = {
      instant: DateTime.fromISO(layer.start, { zone: timeZone }).toMillis(),
      wall: DateTime.fromISO(layer.start, { zone: 'utc' }).toMillis(),
    };
    byZone.set(timeZone, start);
  }
  return start;
}

/** An instant in a zone, for {@link layerOnDuty}. */
export function localTime(timeZone: string, at: Date): DateTime {
  return DateTime.fromJSDate(at, { zone: timeZone });
}

/**
 * Who of a layer's participants is on duty at a local instant, or undefined
 * when the layer has not started or its restrictions leave it off duty.
 *
 * Daily and weekly hand-offs are counted on the local wall clock, so a
 * 09:00 hand-off stays at 09:00 across daylight-saving changes; hourly ones
 * count real hours.
 */
export function layerOnDuty(
  layer: ScheduleLayer,
  timeZone: string,
  local: DateTime,
): string | undefined {
  const start = layerStart(layer, timeZone);
  const instant = local.toMillis();
  if (instant < start.instant) return undefined;
  if (
    layer.restrictions &&
    !layer.restrictions.some(r => restrictionCovers(r, local))
  ) {
    return undefined;
  }
  const { every, unit } = rotationLength(layer.rotation);
  const elapsed =
    unit === 'hours'
      ? instant - start.instant
      : instant + local.offset * 60_000 - start.wall;
  const turn = Math.floor(elapsed / (every * UNIT_MS[unit]));
  return layer.participants[turn % layer.participants.length];
}
