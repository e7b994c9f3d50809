import type {
  DialPlan,
  IntegrationConfig,
  IntegrationDialPlan,
  RoutingSnapshot,
  ScheduleOnCall,
  TeamOnCall,
} from '@icr/plugin-incoming-call-common';
import type { CatalogReader } from './CatalogReader';
import type { OverrideStore } from '../database/OverrideStore';
import { dialPlan, type Planner } from '../domain/roster/dialPlan';
import { planWithExtras } from '../domain/roster/extraRecipients';
import { type Override, onCallAt } from '../domain/roster/onCall';

/** Everyone a recipient can reach is shown in previews. */
const PREVIEW_LIMIT = 50;

/** Answers "who is on call" and "who would a call ring" from the snapshot and overrides. */
export class RosterService {
  constructor(
    private readonly catalog: CatalogReader,
    private readonly overrides: OverrideStore,
  ) {}

  private async inputs(at: Date) {
    const [snapshot, overrides] = await Promise.all([
      this.catalog.snapshot(),
      this.overrides.inForceAt(at),
    ]);
    return { snapshot, overrides };
  }

  /**
   * Who a call to an integration would ring at an instant: its recipients,
   * or with the auto-attendant on, each option's recipients.
   */
  async integrationPlan(
    config: IntegrationConfig,
    at: Date,
  ): Promise<IntegrationDialPlan> {
    const inputs = await this.inputs(at);
    const { autoAttendant, usersToTry, ringTimeoutSeconds } = config;
    const planOf = (recipients: readonly string[]) =>
      dialPlan({ ...inputs, at, recipients, usersToTry });
    return {
      ringTimeoutSeconds,
      recipients: autoAttendant.enabled ? null : planOf(config.recipients),
      menuOptions: autoAttendant.enabled
        ? autoAttendant.options.map(option => ({
            key: option.key,
            label: option.label,
            plan: planOf(option.recipients),
          }))
        : [],
    };
  }

  /**
   * Plans from overrides read beforehand, for any instant they cover: for
   * the calls arriving together, from the overrides a replica keeps.
   */
  async plannerWith(overrides: readonly Override[]): Promise<Planner> {
    const snapshot = await this.catalog.snapshot();
    return (recipients, usersToTry, at, extra) =>
      planWithExtras(
        { snapshot, overrides, at, recipients, usersToTry },
        extra,
      );
  }

  async scheduleOnCall(
    scheduleRef: string,
    at: Date,
  ): Promise<ScheduleOnCall | undefined> {
    const { snapshot, overrides } = await this.inputs(at);
    return describeSchedule(snapshot, overrides, scheduleRef, at);
  }

  async teamOnCall(teamRef: string, at: Date): Promise<TeamOnCall | undefined> {
    const { snapshot, overrides } = await this.inputs(at);
    const team = snapshot.teams.get(teamRef);
    if (!team) return undefined;
    const schedules = [...snapshot.schedules.values()]
      .filter(s => s.owner === teamRef)
      .map(s => describeSchedule(snapshot, overrides, s.ref, at)!);
    return {
      teamRef,
      at: at.toISOString(),
      routingTarget: team.routingTarget ?? null,
      plan: dialPlan({
        snapshot,
        overrides,
        at,
        recipients: [teamRef],
        usersToTry: PREVIEW_LIMIT,
      }),
      schedules,
    };
  }
}

function describeSchedule(
  snapshot: RoutingSnapshot,
  overrides: readonly Override[],
  scheduleRef: string,
  at: Date,
): ScheduleOnCall | undefined {
  const schedule = snapshot.schedules.get(scheduleRef);
  if (!schedule) return undefined;
  return {
    scheduleRef,
    displayName: schedule.displayName,
    timeZone: schedule.timeZone,
    layers: schedule.layers.map(layer => layer.name),
    at: at.toISOString(),
    onCall: onCallAt(schedule, overrides, at),
    plan: dialPlan({
      snapshot,
      overrides,
      at,
      recipients: [scheduleRef],
      usersToTry: PREVIEW_LIMIT,
    }),
  };
}

/** A plan without the responders' phone numbers. */
function planWithoutPhones(plan: DialPlan): DialPlan {
  return {
    ...plan,
    tiers: plan.tiers.map(tier => ({
      ...tier,
      users: tier.users.map(({ phone: _phone, ...user }) => user),
    })),
  };
}

/**
 * The answers of the roster without responders' phone numbers, for viewers
 * who are not members of the team (or of the schedule's owner).
 */
export const withoutPhones = {
  integrationPlan: (plan: IntegrationDialPlan): IntegrationDialPlan => ({
    ...plan,
    recipients: plan.recipients && planWithoutPhones(plan.recipients),
    menuOptions: plan.menuOptions.map(option => ({
      ...option,
      plan: planWithoutPhones(option.plan),
    })),
  }),
  scheduleOnCall: (onCall: ScheduleOnCall): ScheduleOnCall => ({
    ...onCall,
    plan: planWithoutPhones(onCall.plan),
  }),
  teamOnCall: (onCall: TeamOnCall): TeamOnCall => ({
    ...onCall,
    plan: planWithoutPhones(onCall.plan),
    schedules: onCall.schedules.map(withoutPhones.scheduleOnCall),
  }),
};
