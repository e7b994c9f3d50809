import type { LoggerService } from '@backstage/backend-plugin-api';
import type express from 'express';
import Router from 'express-promise-router';
import type { AudioStore } from '../database/AudioStore';
import { secondsLeftOnMediaLink } from '../domain/audio/mediaSignature';
import { WAIT_TONE_ID, waitToneWav } from '../domain/audio/waitTone';
import type { Clock } from '../lib/clock';
import { mediaLinkSchema } from '../twilio/webhookParams';

/**
 * `GET /media/:id?expires=…&signature=…`: the uploaded audio Twilio plays.
 * Twilio sends no Backstage token (nor its own signature) when it fetches
 * media, so this route is unauthenticated and serves a file only through a
 * link signed by this backend that has not expired.
 */
export function createMediaRouter(options: {
  audio: AudioStore;
  signingKey: Buffer | undefined;
  clock: Clock;
  logger?: LoggerService;
}) {
  const { audio, signingKey, clock, logger } = options;
  const router = Router();
  // The plugin's own audio, signed like uploads: the wait tone of queues
  // without hold music.
  const builtIn = new Map([
    [WAIT_TONE_ID, { contentType: 'audio/wav', data: waitToneWav() }],
  ]);

  router.get('/media/:id', async (req, res) => {
    // A link of ours has these shapes; anything else is not one.
    const params = mediaLinkSchema.params.safeParse(req.params);
    const query = mediaLinkSchema.query.safeParse(req.query);
    const secondsLeft =
      signingKey && params.success && query.success
        ? secondsLeftOnMediaLink({
            id: params.data.id,
            expires: query.data.expires,
            signature: query.data.signature,
            key: signingKey,
            now: new Date(clock.now()),
          })
        : undefined;
    if (!secondsLeft) {
      res
        .status(403)
        .type('text/plain')
        .send('This media link is not valid, or it has expired');
      return;
    }
    const id = params.data!.id;
    const content = builtIn.get(id) ?? (await audio.content(id));
    if (!content) {
      res.status(404).type('text/plain').send('This audio file was deleted');
      return;
    }
    // A file never changes under its id: caches may keep it while the
    // link is valid.
    res
      .set('Cache-Control', `public, max-age=${secondsLeft}, immutable`)
      .type(content.contentType)
      .send(content.data);
  });

  // Twilio gets no stack trace, whatever the environment.
  router.use(
    '/media',
    (
      error: unknown,
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      logger?.error('Serving media failed', error as Error);
      if (res.headersSent) {
        res.end();
        return;
      }
      res.status(503).type('text/plain').send('Temporarily unavailable');
    },
  );

  return router;
}
