import type { LoggerService } from '@backstage/backend-plugin-api';
import { isE164 } from '@icr/plugin-incoming-call-common';
import express from 'express';
import Router from 'express-promise-router';
import type { Clock } from '../lib/clock';
import type { CallService } from '../services/calls/CallService';
import type { TwilioUrls } from '../twilio/TwilioUrls';
import { isSignedByTwilio } from '../twilio/webhookSignature';

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
  calls: CallService;
  logger: LoggerService;
  clock: Clock;
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

  router.post('/voice', async (req, res) => {
    const { CallSid, From, To } = req.body as Record<
      string,
      string | undefined
    >;
    if (!CallSid || !To || !From) {
      res
        .status(400)
        .type('text/plain')
        .send('CallSid, From and To are required');
      return;
    }
    const twiml = await calls.answer({
      callSid: CallSid,
      // Withheld or malformed caller IDs still reach the team.
      from: isE164(From) ? From : 'anonymous',
      to: To,
      at: new Date(clock.now()),
    });
    res.type('text/xml').send(twiml);
  });

  router.post('/voicemail-done', async (req, res) => {
    res
      .type('text/xml')
      .send(await calls.voicemailDone(String(req.body.CallSid)));
  });

  router.post('/recording', async (req, res) => {
    const {
      CallSid,
      RecordingSid,
      RecordingUrl,
      RecordingStatus,
      RecordingDuration,
    } = req.body as Record<string, string | undefined>;
    if (
      RecordingStatus === 'completed' &&
      CallSid &&
      RecordingSid &&
      RecordingUrl
    ) {
      await calls.recordingCompleted({
        callSid: CallSid,
        recordingSid: RecordingSid,
        url: RecordingUrl,
        durationSeconds: Number(RecordingDuration ?? 0),
        at: new Date(clock.now()),
      });
    }
    res.status(204).end();
  });

  // The status callback of the number: the caller's leg changed state.
  router.post('/call-status', async (req, res) => {
    const { CallSid, CallStatus, CallDuration } = req.body as Record<
      string,
      string | undefined
    >;
    if (CallSid && CallStatus && FINAL_STATUSES.has(CallStatus)) {
      await calls.callerEnded(CallSid, Number(CallDuration ?? 0));
    }
    res.status(204).end();
  });

  router.post('/menu', async (req, res) => {
    const { CallSid, Digits } = req.body as Record<string, string | undefined>;
    const attempt = Number(req.query.attempt) === 2 ? 2 : 1;
    res
      .type('text/xml')
      .send(await calls.menuChoice(String(CallSid), Digits ?? '', attempt));
  });

  // The waitUrl of a queue with uploaded hold music.
  router.post('/hold-music', async (req, res) => {
    const audioId = req.query.audio;
    if (typeof audioId !== 'string' || !audioId) {
      res.status(400).type('text/plain').send('audio is required');
      return;
    }
    res.type('text/xml').send(await calls.holdMusic(audioId));
  });

  // A responder leg: answered, confirmed, over. `call` names the caller's
  // leg and `leg` the responder's place in the plan.
  const legOf = (req: express.Request) => ({
    call: String(req.query.call),
    index: Number(req.query.leg),
  });

  router.post('/responder-answer', async (req, res) => {
    const { call, index } = legOf(req);
    const { CallSid } = req.body as Record<string, string | undefined>;
    res
      .type('text/xml')
      .send(await calls.responderAnswered(call, index, String(CallSid)));
  });

  router.post('/responder-confirm', async (req, res) => {
    const { call, index } = legOf(req);
    const { CallSid, Digits } = req.body as Record<string, string | undefined>;
    res
      .type('text/xml')
      .send(
        await calls.responderConfirmed(
          call,
          index,
          String(CallSid),
          Digits ?? '',
        ),
      );
  });

  // The voice URL of the TwiML app browser clients call through: a
  // responder takes the call of the alert named in the `alert` parameter.
  router.post('/browser-connect', async (req, res) => {
    const { CallSid, From, alert } = req.body as Record<
      string,
      string | undefined
    >;
    const identity = From?.startsWith('client:') ? From.slice(7) : undefined;
    if (!CallSid || !identity || !alert) {
      res
        .status(400)
        .type('text/plain')
        .send(
          'A browser client (From=client:…), its CallSid and an alert are required',
        );
      return;
    }
    res
      .type('text/xml')
      .send(await calls.browserPickup(alert, identity, CallSid));
  });

  router.post('/leg-status', async (req, res) => {
    const { call, index } = legOf(req);
    const { CallSid, CallStatus } = req.body as Record<
      string,
      string | undefined
    >;
    if (CallSid && CallStatus && FINAL_STATUSES.has(CallStatus)) {
      await calls.legEnded(call, index, CallSid, CallStatus);
    }
    res.status(204).end();
  });

  return Router().use('/webhooks', router);
}

/** Without Twilio credentials no signature can be checked: refuse everything. */
export function createRefusingWebhookRouter() {
  return Router().use('/webhooks', (_req, res) => {
    res.status(403).type('text/plain').send('Twilio is not configured');
  });
}
