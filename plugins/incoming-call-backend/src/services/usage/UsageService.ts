import type {
  AnalyticsQuery,
  CallAnalytics,
  RoutingSnapshot,
  Usage,
  UsagePricing,
} from '@icr/plugin-incoming-call-common';
import type { AnalyticsStore } from '../../database/AnalyticsStore';
import type { UsageStore } from '../../database/UsageStore';
import {
  byHourAndWeekday,
  monthPeriod,
  offsetSegments,
} from '../../domain/usage/periods';
import { usageFigures } from '../../domain/usage/usageFigures';

/** The responders an analytics answer lists at most (the most rung). */
export const MAX_RESPONDERS = 100;

/**
 * Usage, estimated cost and call analytics of a team (`teamRef`) or of the
 * organisation (`teamRef` undefined). The database aggregates; this puts
 * the aggregates together, prices them and names the responders.
 */
export class UsageService {
  constructor(
    private readonly deps: {
      usage: UsageStore;
      analytics: AnalyticsStore;
      pricing: UsagePricing;
      catalog: { snapshot(): Promise<RoutingSnapshot> };
    },
  ) {}

  async usage(month: string, teamRef?: string): Promise<Usage> {
    const { usage, pricing } = this.deps;
    const [held, free, counts] = await Promise.all([
      usage.heldNumbers(teamRef),
      usage.firstNumbers(pricing.freeNumbers),
      usage.countsByNumber(monthPeriod(month), teamRef),
    ]);
    return usageFigures({ month, teamRef, pricing, held, free, counts });
  }

  async analytics(
    query: Pick<AnalyticsQuery, 'from' | 'to' | 'tz'>,
    teamRef?: string,
  ): Promise<CallAnalytics> {
    const { analytics } = this.deps;
    const period = { from: Date.parse(query.from), to: Date.parse(query.to) };
    const [buckets, blocked, responders, [p50, p90], snapshot] =
      await Promise.all([
        analytics.callBuckets(
          period,
          offsetSegments(query.tz, period),
          teamRef,
        ),
        analytics.blocked(period, teamRef),
        analytics.responders(period, teamRef, MAX_RESPONDERS),
        analytics.timeToAnswer(period, teamRef, [0.5, 0.9]),
        this.deps.catalog.snapshot(),
      ]);
    const total = (pick: (b: (typeof buckets)[number]) => number) =>
      buckets.reduce((sum, b) => sum + pick(b), 0);
    const calls = total(b => b.calls);
    const answered = total(b => b.answered);
    return {
      from: new Date(period.from).toISOString(),
      to: new Date(period.to).toISOString(),
      scope: teamRef === undefined ? 'organisation' : 'team',
      ...(teamRef !== undefined && { teamRef }),
      calls,
      answered,
      answerRate: calls === 0 ? null : answered / calls,
      timeToAnswerSeconds: { p50, p90 },
      abandoned: total(b => b.abandoned),
      voicemails: total(b => b.voicemails),
      blocked,
      responders: responders.map(r => {
        const displayName = snapshot.users.get(r.userRef)?.displayName;
        return {
          userRef: r.userRef,
          ...(displayName !== undefined && { displayName }),
          rung: r.rung,
          answered: r.answered,
          missed: r.rung - r.answered,
        };
      }),
      ...byHourAndWeekday(buckets),
      timeZone: query.tz,
    };
  }
}
