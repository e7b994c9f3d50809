import type {
  DialPlan,
  DialTier,
  PlannedUser,
  RoutingSnapshot,
  SkippedUser,
} from '@icr/plugin-incoming-call-common';
import type { DateTime } from 'luxon';
import { localTime } from './layerOnDuty';
import { type Override, onCallAt } from './onCall';

/** Who a call arriving at `at` rings; `extra` is rung after them. */
export type Planner = (
  recipients: readonly string[],
  usersToTry: number,
  at: Date,
  extra?: ExtraRecipients,
) => DialPlan;

/** Recipients an alert rule adds, rung after the plan's own. */
export interface ExtraRecipients {
  ruleName: string;
  recipients: readonly string[];
}

export interface DialPlanInput {
  snapshot: RoutingSnapshot;
  overrides: readonly Override[];
  at: Date;
  /** The integration's recipients, in the order they were added. */
  recipients: readonly string[];
  usersToTry: number;
  /** What put the recipients there, the first step of each reason (an alert rule). */
  via?: string;
  /** A number in [0, 1); inject a seeded one for repeatable plans. */
  random?: () => number;
}

interface Candidate {
  userRef: string;
  /** From the integration's recipient inwards. */
  steps: readonly string[];
  pass: number;
  delayMinutes: number;
}

/**
 * Expands recipients into candidates with their pass and delay. Nested
 * delays add up (a rule at +5 minutes naming an escalation whose rule is at
 * +10 rings at +15); `path` guards against cycles in catalog data.
 */
class Expander {
  readonly candidates: Candidate[] = [];
  /** The call's instant in each zone a schedule uses, worked out once. */
  readonly #local = new Map<string, DateTime>();

  constructor(
    private readonly snapshot: RoutingSnapshot,
    private readonly overrides: readonly Override[],
    private readonly at: Date,
  ) {}

  expand(
    ref: string,
    steps: readonly string[],
    pass: number,
    delay: number,
    path: readonly string[],
  ) {
    if (path.includes(ref)) return;
    const inner = [...path, ref];
    const kind = ref.slice(0, ref.indexOf(':'));
    switch (kind) {
      case 'user':
        this.candidates.push({
          userRef: ref,
          steps,
          pass,
          delayMinutes: delay,
        });
        return;
      case 'group':
        this.expandTeam(ref, steps, pass, delay, inner);
        return;
      case 'schedule':
        this.expandSchedule(ref, steps, pass, delay, inner);
        return;
      case 'escalation':
        this.expandEscalation(ref, steps, pass, delay, inner);
        return;
      default:
        return;
    }
  }

  private expandTeam(
    ref: string,
    steps: readonly string[],
    pass: number,
    delay: number,
    path: string[],
  ) {
    const team = this.snapshot.teams.get(ref);
    if (!team) return;
    if (team.routingTarget) {
      this.expand(
        team.routingTarget,
        [...steps, `routing target of ${team.displayName}`],
        pass,
        delay,
        path,
      );
      return;
    }
    for (const member of team.members) {
      this.expand(
        member,
        [...steps, `a member of ${team.displayName}`],
        pass,
        delay,
        path,
      );
    }
  }

  private expandSchedule(
    ref: string,
    steps: readonly string[],
    pass: number,
    delay: number,
    path: string[],
  ) {
    const schedule = this.snapshot.schedules.get(ref);
    if (!schedule) return;
    let local = this.#local.get(schedule.timeZone);
    if (!local) {
      local = localTime(schedule.timeZone, this.at);
      this.#local.set(schedule.timeZone, local);
    }
    for (const party of onCallAt(schedule, this.overrides, this.at, local)) {
      const step = `on call for ${schedule.displayName} (${party.source})`;
      this.expand(party.participant, [...steps, step], pass, delay, path);
    }
  }

  private expandEscalation(
    ref: string,
    steps: readonly string[],
    pass: number,
    delay: number,
    path: string[],
  ) {
    const escalation = this.snapshot.escalations.get(ref);
    if (!escalation) return;
    const repeats = escalation.repeat?.count ?? 0;
    for (let repeat = 0; repeat <= repeats; repeat++) {
      escalation.rules.forEach((rule, index) => {
        const step = `${escalation.displayName}, rule ${index + 1}${
          repeat ? ` (repeat ${repeat})` : ''
        }`;
        for (const recipient of rule.recipients) {
          this.expand(
            recipient,
            [...steps, step],
            pass + repeat,
            delay + rule.delayMinutes,
            path,
          );
        }
      });
    }
  }
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * Who a call rings, in order. Pure: the same input (and random source) gives
 * the same plan.
 *
 * Recipients are taken in the order added. Each expands into its immediate
 * party (escalation rules without delay, team routing targets, users on call)
 * tried first in random order, then its delayed rules by increasing delay.
 * Escalation repeats come after everything else, as further passes. Nobody
 * is dialled twice in one pass, users without a phone are skipped with the
 * reason, and "users to try" caps the plan (0 means voicemail only).
 */
export function dialPlan(input: DialPlanInput): DialPlan {
  const { snapshot, usersToTry, random = Math.random } = input;
  if (usersToTry === 0) {
    return { tiers: [], skipped: [], voicemailOnly: true };
  }

  const groups = new Map<
    string,
    { pass: number; delay: number; order: number; candidates: Candidate[] }
  >();
  input.recipients.forEach((recipient, order) => {
    const expander = new Expander(snapshot, input.overrides, input.at);
    expander.expand(recipient, input.via ? [input.via] : [], 0, 0, []);
    for (const candidate of expander.candidates) {
      const key = `${candidate.pass}/${order}/${candidate.delayMinutes}`;
      let group = groups.get(key);
      if (!group) {
        group = {
          pass: candidate.pass,
          delay: candidate.delayMinutes,
          order,
          candidates: [],
        };
        groups.set(key, group);
      }
      group.candidates.push(candidate);
    }
  });

  const ordered = [...groups.values()].sort(
    (a, b) => a.pass - b.pass || a.order - b.order || a.delay - b.delay,
  );

  const tiers: DialTier[] = [];
  const skipped: SkippedUser[] = [];
  const dialledInPass = new Map<number, Set<string>>();
  const reportedSkips = new Set<string>();
  let remaining = usersToTry;

  for (const group of ordered) {
    if (remaining === 0) break;
    const dialled = dialledInPass.get(group.pass) ?? new Set<string>();
    dialledInPass.set(group.pass, dialled);
    const users: PlannedUser[] = [];
    for (const candidate of group.candidates) {
      if (dialled.has(candidate.userRef)) continue;
      const user = snapshot.users.get(candidate.userRef);
      if (!user?.phone) {
        if (!reportedSkips.has(candidate.userRef)) {
          reportedSkips.add(candidate.userRef);
          skipped.push({
            userRef: candidate.userRef,
            reason: user
              ? 'has no phone number in the catalog'
              : 'is not in the catalog',
          });
        }
        continue;
      }
      dialled.add(candidate.userRef);
      users.push({
        userRef: user.ref,
        displayName: user.displayName,
        phone: user.phone,
        reason: candidate.steps.length
          ? candidate.steps.join(' › ')
          : 'a recipient of the integration',
      });
    }
    if (group.delay === 0) shuffle(users, random);
    const capped = users.slice(0, remaining);
    remaining -= capped.length;
    if (capped.length > 0) {
      tiers.push({
        pass: group.pass,
        delayMinutes: group.delay,
        users: capped,
      });
    }
  }
  return { tiers, skipped, voicemailOnly: false };
}
