import type { LoggerService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import type { CatalogReader } from '../services/CatalogReader';
import { startingTwiml } from '../twilio/startingTwiml';
import type { TwilioUrls } from '../twilio/TwilioUrls';
import { isSignedByTwilio } from '../twilio/webhookSignature';

/** What the plugin says while it has no routing view yet. */
export const NOT_READY_MESSAGE =
  'Incoming call routing is starting: the catalog has not been read yet';

/**
 * The plugin's own readiness, at `GET /health` (unauthenticated, for probes
 * such as Kubernetes'): 200 once the catalog has been read, else 503.
 * Backstage's `/.backstage/health/v1/readiness` reports the backend as a
 * whole and takes nothing from plugins, so this is where the plugin says it.
 */
export function createHealthRouter(options: { catalog: CatalogReader }) {
  const router = Router();
  router.get('/health', (_req, res) => {
    if (options.catalog.hasRead()) {
      res.json({ status: 'ok' });
    } else {
      res.status(503).json({ status: 'starting', message: NOT_READY_MESSAGE });
    }
  });
  return router;
}

/**
 * Before the authenticated API: until the catalog has been read once,
 * every request answers 503 with the reason, rather than an answer (a dial
 * plan, who is on call) made from no view of the catalog.
 */
export function createApiReadinessGate(options: { catalog: CatalogReader }) {
  const router = Router();
  router.use((_req, res, next) => {
    if (options.catalog.hasRead()) {
      next();
      return;
    }
    // Starts a read when none is on its way (a failed one is not retried
    // until asked).
    options.catalog.snapshot().catch(() => {});
    res
      .status(503)
      .set('Retry-After', '5')
      .json({
        error: { name: 'ServiceUnavailableError', message: NOT_READY_MESSAGE },
      });
  });
  return router;
}

/**
 * Before the voice webhook: a call that arrives before the first read of
 * the catalog waits for it, at most `waitMs`, and is then routed with the
 * whole view. Still unread after the wait, a signed request hears that the
 * service is starting and to call again (an unsigned one is refused, as
 * the webhook router would); it is never routed with a partial view.
 */
export function createVoiceReadinessGate(options: {
  catalog: CatalogReader;
  waitMs: number;
  authToken: string;
  urls: () => Promise<TwilioUrls>;
  logger: LoggerService;
}) {
  const { catalog, waitMs, authToken, urls, logger } = options;
  const parseForm = express.urlencoded({ extended: false, limit: '64kb' });
  const router = Router();
  router.post('/webhooks/voice', async (req, res, next) => {
    if (catalog.hasRead() || (await catalog.waitForFirstRead(waitMs))) {
      next();
      return;
    }
    await new Promise<void>((resolve, reject) =>
      parseForm(req, res, error => (error ? reject(error) : resolve())),
    );
    const signed = isSignedByTwilio({
      authToken,
      signature: req.header('X-Twilio-Signature'),
      url: (await urls()).webhook(req.url.replace(/^\/webhooks/, '')),
      params: req.body ?? {},
    });
    if (!signed) {
      res.status(403).type('text/plain').send('Invalid Twilio signature');
      return;
    }
    logger.warn(
      `A call arrived before the catalog was read and waited ${waitMs} ms in vain: asked to call again`,
    );
    res.type('text/xml').send(startingTwiml());
  });
  return router;
}
