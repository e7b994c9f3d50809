import { createHmac } from 'node:crypto';
import type { EventsService } from '@backstage/plugin-events-node';
import {
  ALERT_EVENTS_TOPIC,
  FORWARDING_HEADERS,
  type ForwardedAlertEvent,
} from '@icr/plugin-incoming-call-common';
import { slackMessage } from './slackMessage';

/** Where one delivery goes, with what it needs to be sent there. */
export type ForwardingTarget =
  | { type: 'events-service' }
  | { type: 'slack'; url: string }
  | { type: 'http'; url: string; secret: string };

/**
 * `sha256=<hex>`: HMAC-SHA256 with the destination's secret over
 * `<timestamp>.<body>`, so a receiver can refuse a replayed old request.
 */
export function forwardingSignature(
  secret: string,
  timestamp: string,
  body: string,
): string {
  return `sha256=${createHmac('sha256', secret)
    .update(`${timestamp}.${body}`)
    .digest('hex')}`;
}

/** A failed request's error, in words for the integration's status. */
function describeFailure(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return 'No answer in time';
  }
  const cause = (error as { cause?: { code?: string; message?: string } })
    ?.cause;
  const message = error instanceof Error ? error.message : String(error);
  return cause ? `${message} (${cause.code ?? cause.message})` : message;
}

/** Sends deliveries: signed HTTP, Slack's webhooks, the events service. */
export class ForwardingSender {
  constructor(
    private readonly deps: {
      events: EventsService;
      requestTimeoutMs: number;
      now: () => number;
    },
  ) {}

  /**
   * Sends one delivery's payload (the forwarded event, JSON); resolves
   * once the target took it, throws with a readable message otherwise.
   */
  async send(
    target: ForwardingTarget,
    payload: string,
    deliveryId: string,
  ): Promise<void> {
    if (target.type === 'events-service') {
      await this.deps.events.publish({
        topic: ALERT_EVENTS_TOPIC,
        eventPayload: JSON.parse(payload),
      });
      return;
    }
    if (target.type === 'slack') {
      const forwarded: ForwardedAlertEvent = JSON.parse(payload);
      await this.post(target.url, JSON.stringify(slackMessage(forwarded)), {});
      return;
    }
    const timestamp = String(Math.floor(this.deps.now() / 1000));
    await this.post(target.url, payload, {
      [FORWARDING_HEADERS.signature]: forwardingSignature(
        target.secret,
        timestamp,
        payload,
      ),
      [FORWARDING_HEADERS.timestamp]: timestamp,
      [FORWARDING_HEADERS.delivery]: deliveryId,
    });
  }

  private async post(
    url: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<void> {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.deps.requestTimeoutMs),
      });
    } catch (error) {
      throw new Error(describeFailure(error));
    }
    // Read the answer whatever it is, so the connection is released.
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      throw new Error(
        `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`,
      );
    }
  }
}
