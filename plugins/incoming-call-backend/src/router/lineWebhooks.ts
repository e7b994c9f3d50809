import type express from 'express';
import type { LineAnnouncements } from '../services/line/LineAnnouncements';
import type { webhookSchemas } from '../twilio/webhookParams';
import type { registerDegradedRoutes } from './degradedRoutes';

/** The webhook router's `webhook` (checked parameters, then the handler). */
type Webhook = Parameters<typeof registerDegradedRoutes>[0];

/**
 * The parameters of the line's webhooks, from the router's schemas (so
 * that the configured account is accepted as everywhere else).
 */
export function lineWebhookSchemas(schemas: ReturnType<typeof webhookSchemas>) {
  return {
    lineWait: {
      body: schemas.voicemailDone.body,
      query: schemas.lineWait.query,
    },
    lineKey: { body: schemas.menu.body },
  };
}

/**
 * The routes of callers waiting in the line (see `LineAnnouncements`):
 * the wait document of their queue, and the key they press in it.
 * Registered on the webhook router, behind its signature check.
 */
export function registerLineWebhooks(
  webhook: Webhook,
  deps: {
    announcements: LineAnnouncements;
    schemas: ReturnType<typeof webhookSchemas>;
  },
) {
  const { announcements } = deps;
  const schemas = lineWebhookSchemas(deps.schemas);
  const twiml = (res: express.Response, xml: string) => {
    res.type('text/xml').send(xml);
  };

  // Every <Enqueue waitUrl>: asked again whenever the document ends.
  webhook('/line-wait', schemas.lineWait, async ({ body, query }, res) => {
    twiml(res, await announcements.waitDocument(body.CallSid, query.audio));
  });

  // The <Gather action> of the wait document.
  webhook('/line-key', schemas.lineKey, async ({ body }, res) => {
    twiml(res, await announcements.keyPressed(body.CallSid, body.Digits ?? ''));
  });
}
