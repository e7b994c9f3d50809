import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type { Request, Response, Router } from 'express';
import { byteRange } from '../domain/voicemail/byteRange';
import type { VoicemailService } from '../services/voicemail/VoicemailService';

/**
 * An alert's voicemail, for the browser's audio player: the recording is
 * fetched from Twilio with the account's credentials (the browser could
 * not), with `Range` passed on, and nothing is cached on the way: callers'
 * messages are private.
 */
export function addVoicemailRoutes(
  router: Router,
  deps: {
    voicemail: VoicemailService;
    /** The alert read check the other alert routes use (403 otherwise). */
    authorizeAlertRead: (req: Request, alertId: string) => Promise<void>;
  },
) {
  const { voicemail } = deps;

  router.get('/alerts/:id/voicemail', async (req, res) => {
    const alertId = req.params.id;
    await deps.authorizeAlertRead(req, alertId);
    const stored = await voicemail.ofAlert(alertId);
    if (!stored) {
      throw new NotFoundError(`Alert ${alertId} has no voicemail`);
    }
    const range = req.header('Range');
    const audio = await voicemail.audio(stored, range);
    if (!audio) {
      throw new ServiceUnavailableError(
        `The recording of alert ${alertId} cannot be fetched from Twilio`,
      );
    }
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type(
      audio.contentType.startsWith('audio/') ? audio.contentType : 'audio/wav',
    );

    if (audio.status === 416) {
      res.status(416);
      if (audio.contentRange)
        res.setHeader('Content-Range', audio.contentRange);
      res.end();
      return;
    }
    if (audio.status === 206) {
      sendPart(res, audio.body, audio.contentRange);
      return;
    }
    // Twilio sent the whole file: answer the range from it.
    const part = byteRange(range, audio.body.length);
    if (part === 'unsatisfiable') {
      res
        .status(416)
        .setHeader('Content-Range', `bytes */${audio.body.length}`)
        .end();
      return;
    }
    if (part) {
      sendPart(
        res,
        audio.body.subarray(part.start, part.end + 1),
        `bytes ${part.start}-${part.end}/${audio.body.length}`,
      );
      return;
    }
    res.status(200).setHeader('Content-Length', audio.body.length);
    res.end(audio.body);
  });
}

function sendPart(res: Response, body: Buffer, contentRange?: string) {
  res.status(206).setHeader('Content-Length', body.length);
  if (contentRange) res.setHeader('Content-Range', contentRange);
  res.end(body);
}
