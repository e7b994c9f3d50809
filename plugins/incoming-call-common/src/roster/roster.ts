import { z } from 'zod';
import { entityRefSchema } from '../validation/entityRef';

/** A user a call may ring, and the chain of rules that put them there. @public */
export interface PlannedUser {
  userRef: string;
  displayName: string;
  /**
   * E.164. Shown only to the members of the team (or the schedule's owner)
   * the answer is about; absent for everyone else.
   */
  phone?: string;
  /**
   * From the integration's recipient inwards, e.g. "Platform escalation,
   * rule 1 › on call for Platform primary (Weekly)".
   */
  reason: string;
}

/**
 * Users dialled as one step of a plan. The immediate tier (delay 0) is
 * tried in random order; later tiers in the order their rules list them.
 *
 * @public
 */
export interface DialTier {
  /** 0 for the first run through the rules, 1.. for escalation repeats. */
  pass: number;
  /**
   * Minutes into its pass from which this tier may ring (0 = immediate).
   * The first pass starts when dialling does, a repeat pass once the pass
   * before it has run out: a repeat waits its rules' delays again.
   */
  delayMinutes: number;
  users: PlannedUser[];
}

/** @public */
export interface SkippedUser {
  userRef: string;
  reason: string;
}

/** Who a call rings, in order. @public */
export interface DialPlan {
  tiers: DialTier[];
  /** Users the rules named who cannot be dialled, and why. */
  skipped: SkippedUser[];
  /** True when "users to try" is 0: the call goes straight to voicemail. */
  voicemailOnly: boolean;
}

/** Who a call that chose an option of the auto-attendant rings. @public */
export interface MenuOptionDialPlan {
  /** The key the caller presses; `*` stands for any key no other option has. */
  key: string;
  label: string;
  plan: DialPlan;
}

/**
 * Who a call to an integration rings: the plan of its recipients, or, when
 * the auto-attendant decides, one plan per menu option.
 *
 * @public
 */
export interface IntegrationDialPlan {
  /** Seconds each responder's phone rings before the next one is tried. */
  ringTimeoutSeconds: number;
  /** The recipients' plan; null when the auto-attendant's options decide. */
  recipients: DialPlan | null;
  /** With the auto-attendant on, each option's plan in the menu's order; else empty. */
  menuOptions: MenuOptionDialPlan[];
}

/** A temporary replacement on a schedule ("Ana covers Bob Tue 18:00 to Wed 09:00"). @public */
export interface ScheduleOverride {
  id: string;
  scheduleRef: string;
  userRef: string;
  /** ISO 8601. */
  start: string;
  /** ISO 8601, after start. */
  end: string;
  createdBy: string;
  /**
   * The layer (rotation) of the schedule the user takes over; absent when
   * the user takes over the whole schedule.
   */
  layer?: string;
}

const instant = (what: string) =>
  z.iso.datetime({
    offset: true,
    message: `${what} is a date and time in ISO 8601 with an offset (e.g. 2026-03-10T18:00:00+01:00)`,
  });

/** @public */
export const scheduleOverrideInputSchema = z
  .object({
    userRef: entityRefSchema(['user']),
    start: instant('start'),
    end: instant('end'),
    /** One of the schedule's layer names; absent for the whole schedule. */
    layer: z.string().min(1).optional(),
  })
  .refine(o => Date.parse(o.end) > Date.parse(o.start), {
    path: ['end'],
    message: 'The end must be after the start',
  });
/** @public */
export type ScheduleOverrideInput = z.input<typeof scheduleOverrideInputSchema>;

/** One on-call party of a schedule, and what put it there. @public */
export interface OnCallParty {
  /** A user, team or escalation ref. */
  participant: string;
  /** The layer on duty, "override", or "override for" a layer. */
  source: string;
}

/** Who is on call for a schedule at an instant. @public */
export interface ScheduleOnCall {
  scheduleRef: string;
  displayName: string;
  /** The IANA time zone the schedule's rotations and restrictions are in. */
  timeZone: string;
  /** The names of the schedule's layers (rotations), in order. */
  layers: string[];
  at: string;
  /**
   * Every party on call, in layer order: one per layer with someone on
   * duty (only the last such layer with `layering: override`), or the
   * override in force for the whole schedule. Empty when nobody is.
   */
  onCall: OnCallParty[];
  /** The users those parties ring, in order. */
  plan: DialPlan;
}

/** A team's on-call picture: its routing target and its schedules. @public */
export interface TeamOnCall {
  teamRef: string;
  at: string;
  routingTarget: string | null;
  /** Who a call routed to the team rings. */
  plan: DialPlan;
  schedules: ScheduleOnCall[];
}

/** @public */
export const atQuerySchema = z.object({
  at: instant('at').optional(),
});
