import { z } from 'zod';
import {
  ALERT_OUTCOMES,
  ALERT_PRIORITIES,
  ALERT_STATUSES,
  ALERT_EVENT_TYPES,
} from '../alert/alert';
import { unique } from '../validation/unique';

/**
 * The alert events an integration can forward: the alert was created (a
 * call came in), acknowledged (by hand or by the responder who answered),
 * closed, reopened, got a voicemail or a note.
 *
 * @public
 */
export const FORWARDING_EVENT_KINDS = [
  'created',
  'acknowledged',
  'closed',
  'reopened',
  'voicemail',
  'note',
] as const;
/** @public */
export type ForwardingEventKind = (typeof FORWARDING_EVENT_KINDS)[number];

/** At most this many destinations per integration. @public */
export const MAX_FORWARDING_DESTINATIONS = 5;

/** The events service topic every forwarded alert event is published on. @public */
export const ALERT_EVENTS_TOPIC = 'incoming-call.alert';

/**
 * The headers of a forwarded HTTP request: the signature
 * (`sha256=<hex>`, HMAC-SHA256 with the destination's secret over
 * `<timestamp>.<raw body>`), the timestamp it covers (Unix seconds), and
 * the delivery's id, the same on every retry of one event.
 *
 * @public
 */
export const FORWARDING_HEADERS = {
  signature: 'X-Incoming-Call-Signature',
  timestamp: 'X-Incoming-Call-Timestamp',
  delivery: 'X-Incoming-Call-Delivery',
} as const;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * An https URL, or http on this machine (for development); with
 * `keepMasked`, also the mask of a stored secret URL (see maskSecretUrl).
 */
const destinationUrl = (what: string, keepMasked = false) =>
  z
    .string({ message: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .max(2000, `The ${what} is at most 2000 characters`)
    .superRefine((value, ctx) => {
      if (keepMasked && isMaskedSecretUrl(value)) return;
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: `The ${what} is not a URL (https://…)`,
        });
        return;
      }
      const local = url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
      if (url.protocol !== 'https:' && !local) {
        ctx.addIssue({
          code: 'custom',
          message: `The ${what} must start with https:// (http only for localhost)`,
        });
      }
    });

/** The end of a masked secret URL, as the API returns a Slack webhook URL. */
const MASK_END = '…/****';

/**
 * A secret URL as the API shows it: its origin and the start of its path,
 * e.g. `https://hooks.slack.com/services/T…/****`. Sent back unchanged, it
 * keeps the stored URL.
 *
 * @public
 */
export function maskSecretUrl(value: string): string {
  const url = new URL(value);
  const [first, second] = url.pathname.split('/').filter(Boolean);
  return first && second
    ? `${url.origin}/${first}/${second.slice(0, 1)}${MASK_END}`
    : `${url.origin}/${MASK_END}`;
}

/** Whether a value is a masked URL (see {@link maskSecretUrl}). @public */
export function isMaskedSecretUrl(value: string): boolean {
  return value.endsWith(MASK_END);
}

const destinationBase = {
  /** Chosen by the client when it adds the destination (a UUID). */
  id: z.uuid({ message: 'A destination id is a UUID' }),
  name: z
    .string({ message: 'Name the destination' })
    .trim()
    .min(1, 'Name the destination')
    .max(100, 'The name is at most 100 characters'),
  /** Which events go there. */
  events: z
    .array(z.enum(FORWARDING_EVENT_KINDS))
    .min(1, 'Choose at least one event to forward')
    .superRefine(unique(kind => kind, 'Event')),
};

/**
 * A Slack incoming webhook. The URL is a secret: the API returns it masked,
 * and a save with the mask unchanged keeps the stored URL.
 *
 * @public
 */
export const slackDestinationSchema = z.object({
  ...destinationBase,
  type: z.literal('slack'),
  webhookUrl: destinationUrl('Slack webhook URL', true),
});

/**
 * Any HTTP endpoint: signed JSON ({@link ForwardedAlertEvent}) is POSTed
 * to it. The backend makes its secret when the destination is first saved
 * and returns it once, in that save's answer.
 *
 * @public
 */
export const httpDestinationSchema = z.object({
  ...destinationBase,
  type: z.literal('http'),
  url: destinationUrl('URL'),
  /** Read-only: set by the backend once the signing secret exists. */
  secretSet: z.boolean().optional(),
});

/** @public */
export const forwardingDestinationSchema = z.discriminatedUnion('type', [
  slackDestinationSchema,
  httpDestinationSchema,
]);
/** @public */
export type ForwardingDestination = z.infer<typeof forwardingDestinationSchema>;

/**
 * Where an integration's alert events are forwarded, besides the events
 * service (which gets every one).
 *
 * @public
 */
export const forwardingSchema = z.object({
  destinations: z
    .array(forwardingDestinationSchema)
    .max(
      MAX_FORWARDING_DESTINATIONS,
      `At most ${MAX_FORWARDING_DESTINATIONS} destinations per integration`,
    )
    .superRefine(unique(d => d.id, 'Destination')),
});
/** @public */
export type ForwardingConfig = z.infer<typeof forwardingSchema>;

/**
 * An HTTP destination's signing secret, in the answer to the save that
 * created it: the only time the API shows it.
 *
 * @public
 */
export interface ForwardingSecret {
  destinationId: string;
  secret: string;
}

/** The version of {@link ForwardedAlertEvent}'s shape. @public */
export const FORWARDED_EVENT_VERSION = 1;

/**
 * What a forwarded alert event carries: the body POSTed to an HTTP
 * destination and the `eventPayload` published on {@link ALERT_EVENTS_TOPIC}.
 * Validate a received body with it.
 *
 * @public
 */
export const forwardedAlertEventSchema = z.object({
  /** `alert.` and the event's kind, e.g. `alert.acknowledged`. */
  type: z.templateLiteral(['alert.', z.enum(FORWARDING_EVENT_KINDS)]),
  version: z.literal(FORWARDED_EVENT_VERSION),
  /** The alert as it was when the event was forwarded. */
  alert: z.object({
    id: z.string(),
    /** The alert's page in Backstage. */
    url: z.string(),
    teamRef: z.string(),
    teamName: z.string(),
    integrationId: z.string(),
    integrationName: z.string(),
    /** E.164, or how the network withheld it (`anonymous`). */
    callerNumber: z.string(),
    dialledNumber: z.string(),
    status: z.enum(ALERT_STATUSES),
    priority: z.enum(ALERT_PRIORITIES),
    tags: z.array(z.string()),
    outcome: z.enum(ALERT_OUTCOMES),
    acknowledgedBy: z.string().nullable(),
    answeredBy: z.string().nullable(),
    createdAt: z.string(),
  }),
  /** The timeline event forwarded. */
  event: z.object({
    /** Unique: a receiver can drop a repeat by it. */
    id: z.string(),
    kind: z.enum(FORWARDING_EVENT_KINDS),
    /** The timeline's own type (`answered` for a call's acknowledgement). */
    type: z.enum(ALERT_EVENT_TYPES),
    at: z.string(),
    message: z.string(),
    userRef: z.string().nullable(),
    actorRef: z.string().nullable(),
  }),
});
/** @public */
export type ForwardedAlertEvent = z.infer<typeof forwardedAlertEventSchema>;

/**
 * How deliveries to one destination are going: what waits, what went,
 * what was given up after every retry, and the last error.
 *
 * @public
 */
export interface ForwardingDestinationStatus {
  destinationId: string;
  pending: number;
  delivered: number;
  /** Deliveries given up after the last retry. */
  failed: number;
  lastDeliveredAt?: string;
  lastError?: { message: string; at: string };
}

/** `GET /teams/:namespace/:name/forwarding`. @public */
export interface ForwardingStatus {
  destinations: ForwardingDestinationStatus[];
}
