import { isE164 } from '@icr/plugin-incoming-call-common';
import twilio from 'twilio';
import { z } from 'zod';

/**
 * The parameters of Twilio's webhook requests, in Twilio's formats, checked
 * at the boundary: a request that does not fit is refused (400, or safe
 * TwiML on the voice webhook) before anything reaches the engine or the
 * database, whatever it carries (control characters, NUL bytes, over-long
 * values, repeated parameters).
 *
 * A repeated form or query parameter (`CallSid=…&CallSid=…`) counts with
 * its first value: twilio-node's signature check drops repeated values, so
 * such a request is still signed, and it must answer like the first.
 */
const firstValue = (value: unknown) =>
  Array.isArray(value) ? value[0] : value;

/** A parameter read as its first value. */
const param = <T extends z.ZodType>(schema: T) =>
  z.preprocess(firstValue, schema);

/** A Twilio SID: its two-letter prefix and 32 hex digits. */
const sid = (prefix: string) =>
  z
    .string()
    .regex(
      new RegExp(`^${prefix}[0-9a-fA-F]{32}$`),
      `must be ${prefix} followed by 32 hex digits`,
    );

/** `CA` + 32 hex: a call (the caller's, a responder leg, a browser call). */
export const callSidSchema = sid('CA');
/** `RE` + 32 hex: a recording. */
export const recordingSidSchema = sid('RE');

/**
 * Twilio's documented caller IDs for a withheld number, an empty one among
 * them; carriers vary in case.
 */
const ANONYMOUS_CALLERS = new Set([
  '',
  'anonymous',
  'restricted',
  'unavailable',
  'unknown',
  'private',
]);

/** A Twilio Client identity: letters, digits and underscores. */
const CLIENT = /^client:[A-Za-z0-9_.@-]{1,121}$/;

/**
 * A caller or callee as Twilio names it: a number in E.164, a withheld
 * number (`anonymous`, `restricted`, `unavailable`, `unknown`, empty), a
 * national number as some carriers pass it (digits only), or a browser
 * (`client:<identity>`).
 */
export const partySchema = z
  .string()
  .max(130)
  .refine(
    value =>
      isE164(value) ||
      ANONYMOUS_CALLERS.has(value.toLowerCase()) ||
      /^\d{1,15}$/.test(value) ||
      CLIENT.test(value),
    'must be a number in E.164, a withheld caller ID or client:<identity>',
  );

/** A dialled number of ours: E.164 only. */
const e164Schema = z.string().refine(isE164, 'must be a number in E.164');

/** The keys a caller pressed: digits, `*` and `#`; empty when none. */
const digitsSchema = z
  .string()
  .regex(/^[0-9*#]{0,32}$/, 'must be digits, * or #');

/** A whole number of seconds, as Twilio sends durations. */
const secondsSchema = z
  .string()
  .regex(/^\d{1,9}$/, 'must be a whole number of seconds')
  .transform(Number);

/** A call or recording status (`completed`, `no-answer`, …). */
const statusSchema = z
  .string()
  .regex(/^[a-z-]{1,32}$/, 'must be a Twilio status');

/** One of our ids (alerts, audio files): a UUID or the like. */
const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,36}$/, 'must be an id of letters, digits and -');

/**
 * A leg's place in the plan, as our own URLs carry it. The schema of each
 * webhook follows: its form parameters (`body`) and, where our URL adds
 * some, its query (`query`).
 */
const legIndexSchema = z
  .string()
  .regex(/^\d{1,4}$/, 'must be a leg number')
  .transform(Number);

/**
 * The account the call belongs to: `AC` + 32 hex, or the configured account
 * SID itself (the simulated network's may be any text).
 */
const accountSidSchema = (configured: string | undefined) =>
  z
    .string()
    .refine(
      value => value === configured || /^AC[0-9a-fA-F]{32}$/.test(value),
      'must be AC followed by 32 hex digits',
    );

/** The schemas of every webhook's parameters. */
export function webhookSchemas(options: { accountSid?: string } = {}) {
  /** What every Twilio request about a call carries. */
  const callForm = {
    CallSid: param(callSidSchema),
    AccountSid: param(accountSidSchema(options.accountSid).optional()),
  };
  const legQuery = z.object({
    call: param(callSidSchema),
    leg: param(legIndexSchema),
  });
  return {
    voice: {
      body: z.object({
        ...callForm,
        From: param(partySchema),
        To: param(e164Schema),
      }),
    },
    voicemailDone: { body: z.object(callForm) },
    queueLeft: {
      body: z.object({
        ...callForm,
        QueueResult: param(statusSchema.optional()),
      }),
    },
    recording: {
      body: z.object({
        ...callForm,
        RecordingSid: param(recordingSidSchema),
        RecordingStatus: param(statusSchema),
        RecordingUrl: param(
          z
            .string()
            .max(2048)
            .regex(/^https?:\/\/[\x21-\x7e]+$/, 'must be an http(s) URL')
            .optional(),
        ),
        RecordingDuration: param(secondsSchema.optional()),
      }),
    },
    callStatus: {
      body: z.object({
        ...callForm,
        CallStatus: param(statusSchema),
        CallDuration: param(secondsSchema.optional()),
      }),
    },
    menu: {
      body: z.object({
        ...callForm,
        Digits: param(digitsSchema.optional()),
      }),
      query: z.object({
        attempt: param(z.enum(['1', '2']).optional()),
      }),
    },
    lineWait: { query: z.object({ audio: param(idSchema).optional() }) },
    responderAnswer: { body: z.object(callForm), query: legQuery },
    responderConfirm: {
      body: z.object({
        ...callForm,
        Digits: param(digitsSchema.optional()),
      }),
      query: legQuery,
    },
    browserConnect: {
      body: z.object({
        ...callForm,
        From: param(
          z.string().regex(CLIENT, 'must be a browser client (client:…)'),
        ),
        alert: param(idSchema),
      }),
    },
    legStatus: {
      body: z.object({
        ...callForm,
        CallStatus: param(statusSchema),
        CallDuration: param(secondsSchema.optional()),
      }),
      query: legQuery,
    },
  };
}

/** The parameters of the media route: a signed link to an uploaded file. */
export const mediaLinkSchema = {
  params: z.object({ id: idSchema }),
  query: z.object({
    expires: param(z.string().regex(/^\d{1,12}$/)),
    signature: param(z.string().regex(/^[A-Za-z0-9_-]{1,128}$/)),
  }),
};

/** What a parse found wrong, for a 400 body: the fields and why, no values. */
export function describeProblems(error: z.ZodError): string {
  return error.issues
    .map(issue => `${issue.path.join('.') || 'request'}: ${issue.message}`)
    .join('; ');
}

/**
 * What a caller hears when the voice webhook cannot take their call (a
 * malformed request, an unexpected failure): a polite goodbye instead of
 * Twilio's application error.
 */
export function cannotTakeCallTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(
    'Sorry, we cannot take your call right now. Please try again later. Goodbye.',
  );
  response.hangup();
  return response.toString();
}
