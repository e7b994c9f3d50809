import type { UsagePricing } from '@icr/plugin-incoming-call-common';
import type { CallSessionState } from '../engine/callEngine';
import { endedLeg } from './legUsage';
import { usageFigures } from './usageFigures';

const pricing: UsagePricing = {
  numberMonthlyCents: 1000,
  domesticMinuteCents: 10,
  internationalMinuteCents: 35,
  freeNumbers: 1,
};
const PLATFORM = 'group:default/platform';
const PAYMENTS = 'group:default/payments';

describe('usage figures', () => {
  const held = [
    { number: '+14155550100', teamRef: PLATFORM },
    { number: '+14155550200', teamRef: PLATFORM },
    { number: '+12025550100', teamRef: PAYMENTS },
  ];
  const counts = [
    {
      number: '+14155550100',
      teamRef: PLATFORM,
      calls: 3,
      minutesDomestic: 7,
      minutesInternational: 3,
    },
    // No longer held: its calls count, it costs no fee.
    {
      number: '+14155550999',
      teamRef: PLATFORM,
      calls: 1,
      minutesDomestic: 1,
      minutesInternational: 0,
    },
    {
      number: '+12025550100',
      teamRef: PAYMENTS,
      calls: 2,
      minutesDomestic: 0,
      minutesInternational: 2,
    },
  ];

  it("prices the organisation's month in cents, its free number without a fee", () => {
    const usage = usageFigures({
      month: '2026-12',
      pricing,
      held,
      free: ['+12025550100'],
      counts,
    });
    expect(usage.scope).toBe('organisation');
    expect(
      usage.numbers.map(n => [n.number, n.held, n.calls, n.monthlyFeeCents]),
    ).toEqual([
      ['+12025550100', true, 2, 0],
      ['+14155550100', true, 3, 1000],
      ['+14155550200', true, 0, 1000],
      ['+14155550999', false, 1, 0],
    ]);
    expect(usage.totals).toEqual({
      calls: 6,
      minutesDomestic: 8,
      minutesInternational: 5,
      numbersHeld: 3,
      freeNumbers: 1,
      numberFeesCents: 2000,
      domesticCostCents: 80,
      internationalCostCents: 175,
      estimateCents: 2255,
    });
  });

  it("gives a team its own numbers, the organisation's free number being another team's", () => {
    const ofPlatform = <T extends { teamRef: string }>(list: T[]) =>
      list.filter(n => n.teamRef === PLATFORM);
    const usage = usageFigures({
      month: '2026-12',
      teamRef: PLATFORM,
      pricing,
      held: ofPlatform(held),
      free: ['+12025550100'],
      counts: ofPlatform(counts),
    });
    expect(usage).toMatchObject({ scope: 'team', teamRef: PLATFORM });
    expect(usage.numbers.map(n => n.number)).toEqual([
      '+14155550100',
      '+14155550200',
      '+14155550999',
    ]);
    expect(usage.totals).toEqual({
      calls: 4,
      minutesDomestic: 8,
      minutesInternational: 3,
      numbersHeld: 2,
      freeNumbers: 0,
      numberFeesCents: 2000,
      domesticCostCents: 80,
      internationalCostCents: 105,
      estimateCents: 2185,
    });
  });
});

describe('an ended leg', () => {
  const flow = {
    plan: [
      { userRef: 'user:default/ana', phone: '+14155550101' },
      { userRef: 'user:default/erin', phone: '+4930555010501' },
      { userRef: 'user:default/bea', phone: '+12425550100' },
    ],
    answeredOn: 'CA-erin',
  } as unknown as CallSessionState;
  const NOW = Date.parse('2026-12-10T10:05:00Z');
  const leg = (
    index: number,
    legSid: string,
    status: string,
    durationSeconds: number,
  ) =>
    endedLeg(
      'CA-caller',
      flow,
      { index, legSid, status, durationSeconds },
      NOW,
    );

  it('bills an answered leg by the started minute, one at least, and a leg that only rang nothing', () => {
    expect(leg(0, 'CA-ana', 'completed', 61)).toMatchObject({
      userRef: 'user:default/ana',
      domestic: true,
      connected: false,
      billedMinutes: 2,
      answeredAt: null,
    });
    expect(leg(0, 'CA-ana', 'completed', 0)?.billedMinutes).toBe(1);
    expect(leg(0, 'CA-ana', 'completed', 60)?.billedMinutes).toBe(1);
    expect(leg(0, 'CA-ana', 'no-answer', 0)?.billedMinutes).toBe(0);
    expect(leg(0, 'CA-ana', 'busy', 0)?.billedMinutes).toBe(0);
  });

  it('prices a leg by its destination: US and Canada domestic, other +1 countries international', () => {
    expect(leg(1, 'CA-erin', 'completed', 125)).toEqual({
      legSid: 'CA-erin',
      callSid: 'CA-caller',
      userRef: 'user:default/erin',
      status: 'completed',
      connected: true,
      domestic: false,
      billedMinutes: 3,
      // Twilio's duration counts from the pick-up.
      answeredAt: NOW - 125_000,
      endedAt: NOW,
    });
    expect(leg(2, 'CA-bea', 'completed', 5)?.domestic).toBe(false);
    expect(leg(3, 'CA-nobody', 'completed', 5)).toBeUndefined();
  });
});
