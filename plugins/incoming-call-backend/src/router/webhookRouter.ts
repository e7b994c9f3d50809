import type { LoggerService } from '@backstage/backend-plugin-api';
import { isE164 } from '@icr/plugin-incoming-call-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { Clock } from '../lib/clock';
import type { CallService } from '../services/calls/CallService';
import type { DegradedCalls } from '../services/degraded/DegradedCalls';
import type { VoicemailService } from '../services/voicemail/VoicemailService';
import { transcriptionParamsSchema } from '../twilio/transcriptionParams';
import type { TwilioUrls } from '../twilio/TwilioUrls';
import {
  cannotTakeCallTwiml,
  describeProblems,
  webhookSchemas,
} from '../twilio/webhookParams';
import { isSignedByTwilio } from '../twilio/webhookSignature';
import { registerDegradedRoutes } from './degradedRoutes';
import { registerLineWebhooks } from './lineWebhooks';
import { registerOfferWebhooks } from './offerWebhooks';
import type { LineAnnouncements } from '../services/line/LineAnnouncements';
import type { ResponderOffers } from '../services/line/ResponderOffers';

/**
 * The status a webhook answers an error with: the 4xx of a known client
 * error (a call that is not in progress is 409), 503 for anything else (the
 * database unreachable), so Twilio may try its fallback URL.
 */
function webhookErrorStatus(error: unknown): number {
  const name = (error as { name?: unknown } | undefined)?.name;
  switch (name) {
    case 'InputError':
    case 'ValidationError':
      return 400;
    case 'NotFoundError':
      return 404;
    case 'ConflictError':
      return 409;
    default: {
      // body-parser's errors: too large, malformed, wrong charset.
      const status = (error as { status?: unknown } | undefined)?.status;
      return typeof status === 'number' && status >= 400 && status < 500
        ? status
        : 503;
    }
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request',
  404: 'Not found',
  409: 'The call is not in a state for this request',
  413: 'Request too large',
  415: 'Unsupported media type',
};

const toError = (error: unknown) =>
  error instanceof Error ? error : new Error(String(error));

/** Call statuses after which a leg is over. */
const FINAL_STATUSES = new Set([
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
]);

export interface WebhookRouterOptions {
  /** The Twilio auth token webhook signatures are made with. */
  authToken: string;
  /** The public URLs, as Twilio calls them. */
  urls: () => Promise<TwilioUrls>;
  /** The configured account: accepted as `AccountSid` whatever its format. */
  accountSid?: string;
  calls: CallService;
  /** Keeps voicemail recordings and their transcripts. */
  voicemail?: VoicemailService;
  logger: LoggerService;
  clock: Clock;
  /**
   * Degraded mode: `/voice` answers from memory when the database cannot
   * be reached, and `/voice-fallback` (Twilio's fallback URL) always does.
   */
  degraded?: DegradedCalls;
  /** What callers waiting in the line hear, and their voicemail key. */
  announcements: LineAnnouncements;
  /** The offer of the next caller to a responder back from a call. */
  offers: ResponderOffers;
}

/**
 * The routes Twilio calls. They are the plugin's only unauthenticated
 * routes, so every request must carry a valid `X-Twilio-Signature`, computed
 * over the configured public URL (never the Host header). Mounted at
 * `/webhooks`.
 */
export function createWebhookRouter(options: WebhookRouterOptions) {
  const { authToken, urls, calls, logger, clock } = options;
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));

  router.use(async (req, res, next) => {
    const signature = req.header('X-Twilio-Signature');
    const url = (await urls()).webhook(req.url);
    if (
      !isSignedByTwilio({ authToken, signature, url, params: req.body ?? {} })
    ) {
      logger.warn(
        `Refused a webhook without a valid Twilio signature: ${req.method} ${url}`,
      );
      res.status(403).type('text/plain').send('Invalid Twilio signature');
      return;
    }
    next();
  });

  const schemas = webhookSchemas({ accountSid: options.accountSid });

  /**
   * A webhook whose parameters are checked first: a request that does not
   * fit `schema` answers `refused` (400 by default), the handler sees only
   * parsed values (the first of a repeated parameter, never an array).
   */
  const webhook = <B extends z.ZodType, Q extends z.ZodType>(
    path: string,
    schema: { body?: B; query?: Q },
    handle: (
      input: { body: z.output<B>; query: z.output<Q> },
      res: express.Response,
    ) => Promise<void>,
    refused: (res: express.Response, problems: string) => void = (
      res,
      problems,
    ) => {
      res.status(400).type('text/plain').send(problems);
    },
  ) => {
    router.post(path, async (req, res) => {
      const body = (schema.body ?? z.unknown()).safeParse(req.body ?? {});
      const query = (schema.query ?? z.unknown()).safeParse(req.query);
      if (!body.success || !query.success) {
        const problems = [body, query]
          .flatMap(r => (r.success ? [] : [describeProblems(r.error)]))
          .join('; ');
        logger.warn(`Refused a malformed webhook ${path}: ${problems}`);
        refused(res, problems);
        return;
      }
      await handle(
        { body: body.data as z.output<B>, query: query.data as z.output<Q> },
        res,
      );
    });
  };
  const twiml = (res: express.Response, xml: string) => {
    res.type('text/xml').send(xml);
  };

  const { degraded } = options;
  webhook(
    '/voice',
    schemas.voice,
    async ({ body }, res) => {
      const call = {
        callSid: body.CallSid,
        // Withheld caller IDs (and browsers) still reach the team.
        from: isE164(body.From) ? body.From : 'anonymous',
        to: body.To,
        at: new Date(clock.now()),
      };
      twiml(
        res,
        degraded
          ? await degraded.guard(call, signal => calls.answer(call, signal))
          : await calls.answer(call),
      );
    },
    // A real caller hears a goodbye, never Twilio's application error.
    res => twiml(res, cannotTakeCallTwiml()),
  );

  if (degraded) {
    // Twilio's voiceFallbackUrl: /voice failed or timed out, so the call
    // is answered from memory at once.
    webhook(
      '/voice-fallback',
      schemas.voice,
      async ({ body }, res) => {
        const call = {
          callSid: body.CallSid,
          from: isE164(body.From) ? body.From : 'anonymous',
          to: body.To,
          at: new Date(clock.now()),
        };
        twiml(res, (await degraded.answer(call)) ?? cannotTakeCallTwiml());
      },
      res => twiml(res, cannotTakeCallTwiml()),
    );
    registerDegradedRoutes(webhook, { degraded, urls });
  }
  registerLineWebhooks(webhook, {
    announcements: options.announcements,
    schemas,
  });
  registerOfferWebhooks(webhook, { offers: options.offers });

  webhook('/voicemail-done', schemas.voicemailDone, async ({ body }, res) => {
    twiml(res, await calls.voicemailDone(body.CallSid));
  });

  webhook('/recording', schemas.recording, async ({ body }, res) => {
    if (body.RecordingStatus === 'completed' && body.RecordingUrl) {
      const recording = {
        callSid: body.CallSid,
        recordingSid: body.RecordingSid,
        url: body.RecordingUrl,
        durationSeconds: body.RecordingDuration ?? 0,
        at: new Date(clock.now()),
      };
      // The timeline event first: the transcript (which can only follow
      // the stored recording) updates it, and the signal the recording
      // sends finds it.
      await calls.recordingCompleted(recording);
      await options.voicemail?.recordingCompleted(recording);
    }
    res.status(204).end();
  });

  // The transcription of a voicemail (`<Record transcribeCallback>`).
  webhook(
    '/transcription',
    { body: transcriptionParamsSchema },
    async ({ body }, res) => {
      await options.voicemail?.transcriptionCompleted({
        recordingSid: body.RecordingSid,
        status: body.TranscriptionStatus,
        text: body.TranscriptionText,
        at: new Date(clock.now()),
      });
      res.status(204).end();
    },
  );

  // The status callback of the number: the caller's leg changed state.
  webhook('/call-status', schemas.callStatus, async ({ body }, res) => {
    if (FINAL_STATUSES.has(body.CallStatus)) {
      await calls.callerEnded(body.CallSid, body.CallDuration ?? 0);
    }
    res.status(204).end();
  });

  // The caller left their queue (`<Enqueue action>`): a hang-up is known
  // at once, even on a number whose status callback was never set.
  webhook('/queue-left', schemas.queueLeft, async ({ body }, res) => {
    twiml(res, await calls.callerLeftQueue(body.CallSid, body.QueueResult));
  });

  webhook('/menu', schemas.menu, async ({ body, query }, res) => {
    const attempt = query.attempt === '2' ? 2 : 1;
    twiml(
      res,
      await calls.menuChoice(body.CallSid, body.Digits ?? '', attempt),
    );
  });

  // A responder leg: answered, confirmed, over. `call` names the caller's
  // leg and `leg` the responder's place in the plan.
  webhook(
    '/responder-answer',
    schemas.responderAnswer,
    async ({ body, query }, res) => {
      twiml(
        res,
        await calls.responderAnswered(query.call, query.leg, body.CallSid),
      );
    },
  );

  webhook(
    '/responder-confirm',
    schemas.responderConfirm,
    async ({ body, query }, res) => {
      twiml(
        res,
        await calls.responderConfirmed(
          query.call,
          query.leg,
          body.CallSid,
          body.Digits ?? '',
        ),
      );
    },
  );

  // The voice URL of the TwiML app browser clients call through: a
  // responder takes the call of the alert named in the `alert` parameter.
  webhook('/browser-connect', schemas.browserConnect, async ({ body }, res) => {
    const identity = body.From.slice('client:'.length);
    twiml(res, await calls.browserPickup(body.alert, identity, body.CallSid));
  });

  webhook('/leg-status', schemas.legStatus, async ({ body, query }, res) => {
    if (FINAL_STATUSES.has(body.CallStatus)) {
      await calls.legEnded(
        query.call,
        query.leg,
        body.CallSid,
        body.CallStatus,
        body.CallDuration,
      );
    }
    res.status(204).end();
  });

  // Webhooks answer their own errors: Backstage's error handler would show
  // a stack trace in development, and a caller must never hear Twilio's
  // application error. Nothing of the error goes into the answer.
  router.use(
    (
      error: unknown,
      req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const status = webhookErrorStatus(error);
      if (status >= 500) {
        logger.error(`Webhook ${req.path} failed`, toError(error));
      } else {
        logger.warn(`Webhook ${req.path} refused: ${toError(error).message}`);
      }
      if (res.headersSent) {
        res.end();
        return;
      }
      if (req.path === '/voice' || req.path === '/voice-fallback') {
        twiml(res, cannotTakeCallTwiml());
        return;
      }
      res
        .status(status)
        .type('text/plain')
        .send(
          status >= 500
            ? 'Temporarily unavailable'
            : STATUS_TEXT[status] ?? 'Refused',
        );
    },
  );

  return Router().use('/webhooks', router);
}

/** Without Twilio credentials no signature can be checked: refuse everything. */
export function createRefusingWebhookRouter() {
  return Router().use('/webhooks', (_req, res) => {
    res.status(403).type('text/plain').send('Twilio is not configured');
  });
}
