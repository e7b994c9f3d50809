import Router from 'express-promise-router';
import type { AudioStore } from '../database/AudioStore';
import { secondsLeftOnMediaLink } from '../domain/audio/mediaSignature';
import type { Clock } from '../lib/clock';

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
}) {
  const { audio, signingKey, clock } = options;
  const router = Router();

  router.get('/media/:id', async (req, res) => {
    const secondsLeft = signingKey
      ? secondsLeftOnMediaLink({
          id: req.params.id,
          expires: req.query.expires,
          signature: req.query.signature,
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
    const content = await audio.content(req.params.id);
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

  return router;
}
