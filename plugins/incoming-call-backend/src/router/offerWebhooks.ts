import type express from 'express';
import { z } from 'zod';
import type { ResponderOffers } from '../services/line/ResponderOffers';
import { webhookSchemas } from '../twilio/webhookParams';
import type { registerDegradedRoutes } from './degradedRoutes';

/** The webhook router's `webhook` (checked parameters, then the handler). */
type Webhook = Parameters<typeof registerDegradedRoutes>[0];

// The leg's query (`call`, `leg`) and Twilio's formats, as the responder's
// other webhooks check them.
const { responderConfirm, legStatus } = webhookSchemas();
const { CallSid, Digits } = responderConfirm.body.shape;
const { CallStatus } = legStatus.body.shape;

/** The parameters of the offer's webhooks. */
export const offerWebhookSchemas = {
  afterCall: {
    body: z.object({
      CallSid,
      CallStatus,
      DialCallStatus: CallStatus.optional(),
    }),
    query: responderConfirm.query,
  },
  nextCaller: {
    body: z.object({ CallSid, Digits }),
    query: responderConfirm.query,
  },
};

/**
 * The routes of the offer of the next caller (see `ResponderOffers`), on a
 * responder's leg after the bridge. Registered on the webhook router,
 * behind its signature check.
 */
export function registerOfferWebhooks(
  webhook: Webhook,
  deps: { offers: ResponderOffers },
) {
  const { offers } = deps;
  const twiml = (res: express.Response, xml: string) => {
    res.type('text/xml').send(xml);
  };

  // The bridge's <Dial action>: the caller hung up (or never got through).
  webhook(
    '/after-call',
    offerWebhookSchemas.afterCall,
    async ({ body, query }, res) => {
      twiml(
        res,
        await offers.afterCall({
          callSid: query.call,
          index: query.leg,
          legSid: body.CallSid,
          legStatus: body.CallStatus,
          dialStatus: body.DialCallStatus,
        }),
      );
    },
  );

  // The responder's key at the offer: 1 takes the next caller, 2 stops.
  webhook(
    '/next-caller',
    offerWebhookSchemas.nextCaller,
    async ({ body, query }, res) => {
      twiml(
        res,
        await offers.nextCaller({
          callSid: query.call,
          index: query.leg,
          legSid: body.CallSid,
          digits: body.Digits ?? '',
        }),
      );
    },
  );
}
