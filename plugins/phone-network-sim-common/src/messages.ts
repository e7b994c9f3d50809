/**
 * The statuses of a text message, as Twilio names them: `accepted` (sent
 * through a Messaging Service, no sender chosen yet), `queued`, `sent`,
 * then `delivered` on the receiving phone.
 *
 * @public
 */
export type MessageStatus =
  | 'accepted'
  | 'queued'
  | 'sent'
  | 'delivered'
  | 'undelivered'
  | 'failed';

/**
 * A text message (SMS) on the network, as the phones at either end see it.
 *
 * @public
 */
export interface SimulatedMessage {
  readonly sid: string;
  /** The sender's number; null while a Messaging Service has not chosen one. */
  readonly from: string | null;
  readonly to: string;
  readonly body: string;
  readonly status: MessageStatus;
  /** When the network took the message, ISO 8601. */
  readonly dateCreated: string;
}
