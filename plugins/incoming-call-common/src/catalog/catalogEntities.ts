import { z } from 'zod';
import { entityRefSchema } from '../validation/entityRef';
import { e164Schema } from '../validation/phoneNumber';
import { CONTACT_METHODS } from './annotations';

const timeOfDay = z
  .string()
  .regex(
    /^([01]\d|2[0-3]):[0-5]\d$/,
    'Write a time of day as HH:mm (e.g. 09:00)',
  );

/** A local date and time without offset, read in the schedule's time zone. */
const localDateTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/,
    'Write the start as a local date and time, YYYY-MM-DDTHH:mm (e.g. 2026-01-05T09:00)',
  );

const timeZone = z.string().refine(
  zone => {
    try {
      // Throws a RangeError for a zone it does not know.
      return Boolean(new Intl.DateTimeFormat('en-US', { timeZone: zone }));
    } catch {
      return false;
    }
  },
  {
    message:
      'Use an IANA time zone name (e.g. Europe/Berlin, America/New_York)',
  },
);

/** @public */
export const WEEKDAYS = [
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
] as const;
/** @public */
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * How long each participant's turn lasts: a named length, or a custom one.
 *
 * @public
 */
export const rotationSchema = z.union([
  z.enum(['hourly', 'daily', 'weekly']),
  z.object({
    every: z.number().int().min(1, 'A rotation lasts at least 1 unit'),
    unit: z.enum(['hours', 'days', 'weeks']),
  }),
]);
/** @public */
export type Rotation = z.infer<typeof rotationSchema>;

/**
 * A window in which a layer is on duty: on the given weekdays (all when
 * omitted), from one local time to another. A window whose end is not after
 * its start runs past midnight.
 *
 * @public
 */
export const restrictionSchema = z.object({
  days: z.array(z.enum(WEEKDAYS)).min(1).optional(),
  from: timeOfDay,
  to: timeOfDay,
});
/** @public */
export type Restriction = z.infer<typeof restrictionSchema>;

/** @public */
export const scheduleParticipantSchema = entityRefSchema([
  'user',
  'group',
  'escalation',
]);

/**
 * One rotation of a schedule: participants taking turns from `start`.
 *
 * @public
 */
export const scheduleLayerSchema = z.object({
  /** Unique in its schedule: overrides and the dial plan's reasons name it. */
  name: z.string().min(1),
  /** The first handoff, local time in the schedule's time zone. */
  start: localDateTime,
  rotation: rotationSchema,
  participants: z
    .array(scheduleParticipantSchema)
    .min(1, 'A layer needs at least one participant'),
  /** When present, the layer is on duty only inside these windows. */
  restrictions: z.array(restrictionSchema).min(1).optional(),
});
/** @public */
export type ScheduleLayer = z.infer<typeof scheduleLayerSchema>;

/**
 * How a schedule's layers combine where several have someone on duty:
 * `cumulative` (the default, as in Opsgenie) makes each of them an on-call
 * party at once; `override` (as in PagerDuty) lets the last of them win.
 *
 * @public
 */
export const scheduleLayeringSchema = z.enum(['cumulative', 'override'], {
  message:
    'Layering is cumulative (every layer with someone on duty is on call) or override (the last such layer wins)',
});
/** @public */
export type ScheduleLayering = z.infer<typeof scheduleLayeringSchema>;

/**
 * The spec of a `Schedule` entity. Every layer with someone on duty is on
 * call at once, unless `layering` is `override`.
 *
 * @public
 */
export const scheduleSpecSchema = z.object({
  owner: entityRefSchema(['group']),
  timeZone,
  layering: scheduleLayeringSchema.optional(),
  layers: z
    .array(scheduleLayerSchema)
    .min(1, 'A schedule needs at least one layer')
    .superRefine((layers, ctx) => {
      const seen = new Set<string>();
      layers.forEach((layer, index) => {
        if (seen.has(layer.name)) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'name'],
            message: `Another layer is already named "${layer.name}": give each layer its own name, as overrides name layers`,
          });
        }
        seen.add(layer.name);
      });
    }),
});
/** @public */
export type ScheduleSpec = z.infer<typeof scheduleSpecSchema>;

/** @public */
export const escalationRuleSchema = z.object({
  /** Minutes after the call starts that this rule's recipients are added. */
  delayMinutes: z.number().int().min(0).max(1440),
  recipients: z
    .array(entityRefSchema(['user', 'group', 'schedule']))
    .min(1, 'A rule needs at least one recipient'),
});
/** @public */
export type EscalationRule = z.infer<typeof escalationRuleSchema>;

/**
 * The spec of an `Escalation` entity.
 *
 * @public
 */
export const escalationSpecSchema = z.object({
  owner: entityRefSchema(['group']),
  rules: z
    .array(escalationRuleSchema)
    .min(1, 'An escalation needs at least one rule'),
  /** Repeat the rules until someone answers, at most `count` more times. */
  repeat: z.object({ count: z.number().int().min(1).max(20) }).optional(),
});
/** @public */
export type EscalationSpec = z.infer<typeof escalationSpecSchema>;

/** The value of the phone annotation on a User. @public */
export const userPhoneSchema = e164Schema;

/** The value of the contact-methods annotation on a User. @public */
export const contactMethodsSchema = z
  .string()
  .transform(value =>
    value
      .split(',')
      .map(v => v.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.enum(CONTACT_METHODS, {
        message: `Contact methods are a comma-separated list of ${CONTACT_METHODS.join(
          ', ',
        )}`,
      }),
    ),
  );

/** The value of the routing-target annotation on a Group. @public */
export const routingTargetSchema = entityRefSchema([
  'schedule',
  'escalation',
  'user',
]);
