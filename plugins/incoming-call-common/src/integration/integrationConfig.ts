import { z } from 'zod';
import { e164Schema, isE164 } from '../validation/phoneNumber';
import {
  countryCodeSchema,
  isCountryCode,
  numberCountryProblem,
} from '../numbers/numbers';
import { blocklistEntrySchema } from '../validation/blocklist';
import { unique } from '../validation/unique';
import { alertRulesSchema } from './alertRules';
import { LANGUAGE_CODES } from './languages';
import { recipientListSchema } from './recipients';
import { type ForwardingSecret, forwardingSchema } from './forwarding';
import { suggestedMenuPrompt, suggestedWelcome } from './suggestedTexts';
import { DEFAULT_INCIDENT_CONFIG, incidentSchema } from './incident';

/**
 * A whole number in a range, with messages that say the range in the
 * field's own words ("Ring timeout must be between 10 and 60 seconds").
 */
const wholeNumberBetween = (
  what: string,
  min: number,
  max: number,
  unit: string,
) => {
  const message = `${what} must be between ${min} and ${max} ${unit}`;
  return z
    .number({ message: `${what} must be a whole number of ${unit}` })
    .int(`${what} must be a whole number of ${unit}`)
    .min(min, message)
    .max(max, message);
};

/**
 * A character XML 1.0, and so TwiML, cannot hold: control characters other
 * than tab, newline and carriage return, U+FFFE, U+FFFF and lone surrogates.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- control characters are what it finds
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text that ends up in TwiML (spoken to callers and responders, or shown
 * to them): a vertical tab or form feed, which word processors put in for
 * a line break, becomes a space (harmless); any other character XML cannot
 * hold is refused with a message naming it, since a call to the team
 * could not be answered with it.
 */
const twimlText = (what: string, text: z.ZodString) =>
  z
    .string()
    // eslint-disable-next-line no-control-regex -- control characters are what it finds
    .transform(value => value.replace(/[\u000B\u000C]/g, ' '))
    .pipe(
      text.superRefine((value, ctx) => {
        const found = NOT_XML.exec(value);
        if (found) {
          const code = found[0]
            .charCodeAt(0)
            .toString(16)
            .toUpperCase()
            .padStart(4, '0');
          ctx.addIssue({
            code: 'custom',
            message: `${what} contains a character a call cannot carry (U+${code}, at position ${
              found.index + 1
            }): remove it`,
          });
        }
      }),
    );

/** Spoken text; vertical tabs and form feeds become spaces (see twimlText). */
const spokenText = (what: string) =>
  twimlText(
    what,
    z
      .string()
      .trim()
      .min(1, `${what} cannot be empty`)
      .max(1000, `${what} is limited to 1000 characters`),
  );

/**
 * A message the caller hears: text spoken in the integration's language, or
 * an uploaded audio file.
 *
 * @public
 */
export const messageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: spokenText('The message') }),
  z.object({
    type: z.literal('audio'),
    audioId: z.string().min(1, 'Choose an uploaded audio file'),
  }),
]);

/**
 * Where a number comes from. A client asks to `buy` a number it found or
 * to `attach` one the Twilio account has; the server alone turns them into
 * `purchased` (released when the integration is deleted) and `attached`
 * (given back its previous voice settings), and refuses either of those
 * from a client for a number the integration does not hold that way.
 *
 * @public
 */
export const PHONE_NUMBER_SOURCES = [
  'buy',
  'attach',
  'purchased',
  'attached',
] as const;

/** A number's voice settings before it was attached, restored when it is let go. @public */
export const previousNumberRouteSchema = z.object({
  voiceUrl: z.string(),
  voiceFallbackUrl: z.string(),
  statusCallback: z.string(),
});

/** @public */
export const phoneNumberEntrySchema = z
  .object({
    number: e164Schema,
    /** ISO 3166-1 alpha-2; the number must be one of it. */
    country: countryCodeSchema,
    source: z
      .enum(PHONE_NUMBER_SOURCES, {
        message: 'Choose to buy the number or attach one the account has',
      })
      .default('attach'),
    /** The Twilio SID (`PN…`), set by the server. */
    sid: z.string().optional(),
    /** Set by the server for an attached number. */
    previous: previousNumberRouteSchema.optional(),
  })
  .superRefine((entry, ctx) => {
    // A field that failed already has its message.
    if (!isE164(entry.number) || !isCountryCode(entry.country)) return;
    const problem = numberCountryProblem(entry.number, entry.country);
    if (problem) {
      ctx.addIssue({ code: 'custom', path: ['country'], message: problem });
    }
  });

/** A number of an integration. @public */
export type PhoneNumberEntry = z.infer<typeof phoneNumberEntrySchema>;

/** @public */
export const MENU_KEYS = [
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '*',
] as const;

/** @public */
export const autoAttendantOptionSchema = z.object({
  /** The key the caller presses; `*` is the default for any unmatched digit. */
  key: z.enum(MENU_KEYS, { message: 'The key is a digit 0-9 or *' }),
  /** Spoken to the responder; vertical tabs and form feeds become spaces. */
  label: twimlText(
    'The option name',
    z.string().trim().min(1, 'Name the option').max(100),
  ),
  recipients: recipientListSchema.min(
    1,
    'Each option needs at least one recipient',
  ),
});

/** @public */
export const autoAttendantSchema = z
  .object({
    enabled: z.boolean(),
    prompt: messageSchema,
    options: z
      .array(autoAttendantOptionSchema)
      .max(11)
      .superRefine(unique(o => o.key, 'Key')),
  })
  .superRefine((menu, ctx) => {
    if (menu.enabled && menu.options.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'An enabled auto-attendant needs at least one option',
      });
    }
  });

/** @public */
export const NOTIFICATION_MODES = ['default', 'delayed', 'voicemail'] as const;

/** @public */
export const notificationSchema = z
  .object({
    /**
     * default: notify at once; delayed: only when the call is not answered
     * within `delayMinutes`; voicemail: only when a voicemail is left.
     */
    mode: z.enum(NOTIFICATION_MODES),
    delayMinutes: wholeNumberBetween('The delay', 1, 60, 'minutes').optional(),
  })
  .superRefine((n, ctx) => {
    if (n.mode === 'delayed' && n.delayMinutes === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['delayMinutes'],
        message: 'Delayed notifications need a delay in minutes (1-60)',
      });
    }
  });

/**
 * Everything a team owner configures for one integration: the numbers, who
 * is called and how, and what the caller hears.
 *
 * @public
 */
export const integrationConfigSchema = z
  .object({
    /** Vertical tabs and form feeds become spaces. */
    name: twimlText(
      'The name',
      z.string().trim().min(1, 'Name the integration').max(100),
    ),
    enabled: z.boolean(),
    language: z.enum(LANGUAGE_CODES, {
      message: `Choose one of ${LANGUAGE_CODES.join(', ')}`,
    }),
    numbers: z
      .array(phoneNumberEntrySchema)
      .max(20, 'At most 20 numbers per integration')
      .superRefine(unique(n => n.number, 'Number')),
    recipients: recipientListSchema,
    welcome: messageSchema,
    holdMusic: z
      .object({ audioId: z.string().min(1, 'Choose an uploaded audio file') })
      .nullable(),
    autoAttendant: autoAttendantSchema,
    blocklist: z
      .array(blocklistEntrySchema)
      .max(1000)
      .superRefine(unique(e => e, 'Entry')),
    notification: notificationSchema,
    /** How many users to dial at most; 0 means voicemail only. */
    usersToTry: z
      .number({ message: 'Enter a whole number' })
      .int('Enter a whole number')
      .min(0, 'At least 0 (0 means voicemail only)')
      .max(50, 'At most 50'),
    /** Seconds a responder's phone rings before the next one is tried. */
    ringTimeoutSeconds: wholeNumberBetween('Ring timeout', 10, 60, 'seconds'),
    voicemail: z.object({
      enabled: z.boolean(),
      prompt: messageSchema.nullable(),
    }),
    /**
     * Close an answered call's alert when the call ends; otherwise it stays
     * acknowledged for follow-up.
     */
    closeAlertWhenCallEnds: z.boolean().default(true),
    /** Priority, tags, extra recipients and notifications by caller number. */
    alertRules: alertRulesSchema,
    /** Where alert events are forwarded (Slack, HTTP endpoints). */
    forwarding: forwardingSchema.default({ destinations: [] }),
    /** Outage mode: many calls at once are grouped under one incident. */
    incident: incidentSchema.default(DEFAULT_INCIDENT_CONFIG),
  })
  .superRefine((config, ctx) => {
    if (
      !config.autoAttendant.enabled &&
      config.recipients.length === 0 &&
      config.usersToTry > 0
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['recipients'],
        message:
          'Add at least one recipient, or set users to try to 0 for voicemail only',
      });
    }
  });

/** @public */
export type IntegrationConfig = z.infer<typeof integrationConfigSchema>;
/** The config as a client sends it, before defaults and normalisation. @public */
export type IntegrationConfigInput = z.input<typeof integrationConfigSchema>;

/**
 * What a team starts from before anything is saved: calls go to the team
 * itself (its routing target), which makes the default valid as it is.
 *
 * @public
 */
export function defaultIntegrationConfig(team: {
  ref: string;
  title: string;
}): IntegrationConfig {
  const teamTitle = team.title;
  const language = 'en-US';
  return {
    name: `${teamTitle} hotline`,
    enabled: true,
    language,
    numbers: [],
    recipients: [team.ref],
    welcome: { type: 'text', text: suggestedWelcome(language, teamTitle) },
    holdMusic: null,
    autoAttendant: {
      enabled: false,
      prompt: { type: 'text', text: suggestedMenuPrompt(language) },
      options: [],
    },
    blocklist: [],
    notification: { mode: 'default' },
    usersToTry: 3,
    ringTimeoutSeconds: 25,
    voicemail: { enabled: true, prompt: null },
    closeAlertWhenCallEnds: true,
    alertRules: [],
    forwarding: { destinations: [] },
    incident: { ...DEFAULT_INCIDENT_CONFIG },
  };
}

/**
 * An integration as the API returns it.
 *
 * @public
 */
export interface Integration {
  id: string;
  teamRef: string;
  config: IntegrationConfig;
  /**
   * How many times the integration has been saved. A save names the
   * version it edited, and is refused when the integration has moved on.
   */
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  /**
   * The signing secrets of the HTTP destinations this save created: only
   * in the answer to that save, never again.
   */
  forwardingSecrets?: ForwardingSecret[];
}

/**
 * The version to save against when the team had no integration yet.
 *
 * @public
 */
export const NO_INTEGRATION_VERSION = 0;

/**
 * The query of a save: `version`, the version the client edited
 * ({@link NO_INTEGRATION_VERSION} for a team that had none). Without it the
 * save overwrites whatever is stored.
 *
 * @public
 */
export const integrationSaveQuerySchema = z.object({
  version: z.coerce
    .number({ message: 'The version is a whole number' })
    .int('The version is a whole number')
    .min(NO_INTEGRATION_VERSION, 'The version is a whole number')
    .optional(),
});

/**
 * Who saved the integration after the version a refused save edited, and
 * when: `error.change` of a 409 answer to a save of a stale version.
 *
 * @public
 */
export interface IntegrationChange {
  /** The version now stored; saving against it overwrites that change. */
  version: number;
  /** When it was saved (ISO 8601). */
  updatedAt: string;
  /** The entity ref of the user who saved it. */
  updatedBy: string;
  /** Their display name, when the catalog knows them. */
  updatedByName?: string;
}
