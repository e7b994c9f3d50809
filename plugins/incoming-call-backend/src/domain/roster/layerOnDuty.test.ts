import type { ScheduleLayer } from '@icr/plugin-incoming-call-common';
import { DateTime } from 'luxon';
import {
  layerOnDuty as onDutyAt,
  localTime,
  restrictionCovers,
} from './layerOnDuty';

const layerOnDuty = (layer: ScheduleLayer, zone: string, at: Date) =>
  onDutyAt(layer, zone, localTime(zone, at));

const NY = 'America/New_York';
const at = (local: string, zone = NY) =>
  DateTime.fromISO(local, { zone }).toJSDate();

const weekly: ScheduleLayer = {
  name: 'Weekly',
  start: '2026-03-02T09:00', // a Monday, a week before the US DST change of 8 March
  rotation: 'weekly',
  participants: ['user:default/ana', 'user:default/bob', 'user:default/carol'],
};

describe('layerOnDuty', () => {
  it('has nobody on duty before the layer starts', () => {
    expect(layerOnDuty(weekly, NY, at('2026-03-02T08:59'))).toBeUndefined();
    expect(layerOnDuty(weekly, NY, at('2026-03-02T09:00'))).toBe(
      'user:default/ana',
    );
  });

  it('keeps a weekly 09:00 hand-off at 09:00 local time across both DST changes', () => {
    // 9 March: the first hand-off after clocks went forward on 8 March.
    expect(layerOnDuty(weekly, NY, at('2026-03-09T08:59'))).toBe(
      'user:default/ana',
    );
    expect(layerOnDuty(weekly, NY, at('2026-03-09T09:00'))).toBe(
      'user:default/bob',
    );
    // 2 November: the first hand-off after clocks went back on 1 November.
    // 35 weeks after the start: 35 % 3 = 2.
    expect(layerOnDuty(weekly, NY, at('2026-11-02T08:59'))).toBe(
      'user:default/bob',
    );
    expect(layerOnDuty(weekly, NY, at('2026-11-02T09:00'))).toBe(
      'user:default/carol',
    );
  });

  it('counts real hours for an hourly rotation across the spring-forward gap', () => {
    const hourly: ScheduleLayer = {
      ...weekly,
      start: '2026-03-08T00:00',
      rotation: 'hourly',
    };
    // 00:00, 01:00, then 03:00 EDT is only the third hour.
    expect(layerOnDuty(hourly, NY, at('2026-03-08T03:30'))).toBe(
      'user:default/carol',
    );
  });

  it('supports custom lengths', () => {
    const twelveHours: ScheduleLayer = {
      ...weekly,
      start: '2026-01-05T09:00',
      rotation: { every: 12, unit: 'hours' },
      participants: ['user:default/ana', 'user:default/bob'],
    };
    expect(
      layerOnDuty(
        twelveHours,
        'Asia/Tokyo',
        at('2026-01-05T20:59', 'Asia/Tokyo'),
      ),
    ).toBe('user:default/ana');
    expect(
      layerOnDuty(
        twelveHours,
        'Asia/Tokyo',
        at('2026-01-05T21:00', 'Asia/Tokyo'),
      ),
    ).toBe('user:default/bob');
    const twoDays: ScheduleLayer = {
      ...twelveHours,
      rotation: { every: 2, unit: 'days' },
    };
    expect(
      layerOnDuty(twoDays, 'Asia/Tokyo', at('2026-01-07T08:59', 'Asia/Tokyo')),
    ).toBe('user:default/ana');
    expect(
      layerOnDuty(twoDays, 'Asia/Tokyo', at('2026-01-07T09:00', 'Asia/Tokyo')),
    ).toBe('user:default/bob');
  });

  it('is off duty outside its restrictions, and keeps counting turns through them', () => {
    const businessHours: ScheduleLayer = {
      name: 'Weekdays',
      start: '2026-01-05T09:00', // Monday
      rotation: 'daily',
      participants: [
        'user:default/erin',
        'user:default/frank',
        'user:default/grace',
      ],
      restrictions: [
        {
          days: ['mon', 'tue', 'wed', 'thu', 'fri'],
          from: '09:00',
          to: '17:00',
        },
      ],
    };
    const berlin = (s: string) => at(s, 'Europe/Berlin');
    expect(
      layerOnDuty(businessHours, 'Europe/Berlin', berlin('2026-01-05T10:00')),
    ).toBe('user:default/erin');
    expect(
      layerOnDuty(businessHours, 'Europe/Berlin', berlin('2026-01-05T17:00')),
    ).toBeUndefined();
    expect(
      layerOnDuty(businessHours, 'Europe/Berlin', berlin('2026-01-10T12:00')),
    ).toBeUndefined(); // Saturday
    // Monday 12 January is 7 days on: 7 % 3 = 1.
    expect(
      layerOnDuty(businessHours, 'Europe/Berlin', berlin('2026-01-12T09:30')),
    ).toBe('user:default/frank');
  });
});

describe('restrictionCovers', () => {
  const nights = { days: ['fri' as const], from: '20:00', to: '08:00' };
  const local = (s: string) => DateTime.fromISO(s, { zone: NY });

  it('gives a window past midnight to the day it starts', () => {
    expect(restrictionCovers(nights, local('2026-03-06T20:00'))).toBe(true); // Friday evening
    expect(restrictionCovers(nights, local('2026-03-07T07:59'))).toBe(true); // Saturday morning
    expect(restrictionCovers(nights, local('2026-03-07T08:00'))).toBe(false);
    expect(restrictionCovers(nights, local('2026-03-07T20:00'))).toBe(false); // Saturday evening
    expect(restrictionCovers(nights, local('2026-03-06T07:00'))).toBe(false); // Friday morning: Thursday's night
  });

  it('covers every day when no days are given', () => {
    expect(
      restrictionCovers(
        { from: '09:00', to: '21:00' },
        local('2026-03-08T12:00'),
      ),
    ).toBe(true);
    expect(
      restrictionCovers(
        { from: '09:00', to: '21:00' },
        local('2026-03-08T21:00'),
      ),
    ).toBe(false);
  });
});
