import { LANGUAGES, type Language } from '@icr/plugin-incoming-call-common';
import type express from 'express';
import { z } from 'zod';
import type { DegradedCalls } from '../services/degraded/DegradedCalls';
import {
  degradedConfirmTwiml,
  degradedDialActionTwiml,
  type DegradedCallState,
} from '../twilio/degradedTwiml';
import type { TwilioUrls } from '../twilio/TwilioUrls';
import { thankYouTwiml } from '../twilio/twiml';
import { callSidSchema, recordingSidSchema } from '../twilio/webhookParams';

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const text = z.preprocess(first, z.string().max(2000));
const list = z.preprocess(
  first,
  z
    .string()
    .max(4000)
    .transform(v => (v ? v.split(',') : [])),
);

/** The degraded call's state, as its signed URLs carry it. */
export const degradedQuerySchema = z
  .object({
    call: z.preprocess(first, callSidSchema),
    from: text,
    to: text,
    lang: z.preprocess(
      first,
      z
        .string()
        .refine((l): l is Language => Object.keys(LANGUAGES).includes(l)),
    ),
    team: text,
    u: list,
    n: list,
    ring: z.preprocess(first, z.coerce.number().int().min(1).max(600)),
    vm: z.preprocess(first, z.enum(['0', '1'])),
    i: z.preprocess(first, z.coerce.number().int().min(0).max(50)).optional(),
    step: z.preprocess(first, z.literal('key')).optional(),
  })
  .refine(q => q.u.length === q.n.length, 'u and n must be as long');

type DegradedQuery = z.output<typeof degradedQuerySchema>;

const stateOf = (q: DegradedQuery): DegradedCallState => ({
  call: q.call,
  from: q.from,
  to: q.to,
  language: q.lang as Language,
  team: q.team,
  users: q.u,
  phones: q.n,
  ringSeconds: q.ring,
  voicemail: q.vm === '1',
});

type Webhook = <B extends z.ZodType, Q extends z.ZodType>(
  path: string,
  schema: { body?: B; query?: Q },
  handle: (
    input: { body: z.output<B>; query: z.output<Q> },
    res: express.Response,
  ) => Promise<void>,
) => void;

/**
 * The routes of degraded calls (see `DegradedCalls`): stateless, from
 * what their signed URLs carry, and without the database. Registered on the
 * webhook router, behind its signature check.
 */
export function registerDegradedRoutes(
  webhook: Webhook,
  options: { degraded: DegradedCalls; urls: () => Promise<TwilioUrls> },
) {
  const { degraded, urls } = options;
  const twiml = (res: express.Response, xml: string) => {
    res.type('text/xml').send(xml);
  };
  const indexed = degradedQuerySchema.refine(
    q => q.i !== undefined && q.i < q.n.length,
    'i must name a responder',
  );

  // The action of a responder's <Dial>: the next one, or the voicemail.
  webhook(
    '/degraded-dial',
    {
      body: z.object({
        DialCallStatus: z.preprocess(first, z.string().max(32)).optional(),
      }),
      query: indexed,
    },
    async ({ body, query }, res) => {
      twiml(
        res,
        degradedDialActionTwiml(
          stateOf(query),
          query.i!,
          body.DialCallStatus,
          await urls(),
        ),
      );
    },
  );

  // <Number url>: on the responder's leg, "press 1"; 1 bridges.
  webhook(
    '/degraded-confirm',
    {
      body: z.object({
        Digits: z
          .preprocess(first, z.string().regex(/^[0-9*#]{0,32}$/))
          .optional(),
      }),
      query: indexed,
    },
    async ({ body, query }, res) => {
      const state = stateOf(query);
      const digits = query.step === 'key' ? body.Digits ?? '' : undefined;
      if (digits === '1') degraded.answered(state, state.users[query.i!]);
      twiml(res, degradedConfirmTwiml(state, query.i!, digits, await urls()));
    },
  );

  webhook(
    '/degraded-voicemail-done',
    { query: degradedQuerySchema },
    async ({ query }, res) => {
      twiml(res, thankYouTwiml(query.lang as Language));
    },
  );

  // Answered at once; the recording waits in memory for the database.
  webhook(
    '/degraded-recording',
    {
      body: z.object({
        RecordingSid: z.preprocess(first, recordingSidSchema),
        RecordingStatus: z.preprocess(first, z.string().max(32)).optional(),
        RecordingDuration: z
          .preprocess(first, z.coerce.number().int().min(0))
          .optional(),
      }),
      query: degradedQuerySchema,
    },
    async ({ body, query }, res) => {
      if (
        body.RecordingStatus === undefined ||
        body.RecordingStatus === 'completed'
      ) {
        degraded.recorded(stateOf(query), {
          recordingSid: body.RecordingSid,
          durationSeconds: body.RecordingDuration ?? 0,
        });
      }
      res.status(204).end();
    },
  );
}
