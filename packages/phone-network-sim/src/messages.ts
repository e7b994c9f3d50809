import type {
  MessageStatus,
  SimulatedMessage,
} from '@icr/plugin-phone-network-sim-common';
import type { Switchboard } from './switchboard';
import { type Form, rfc2822 } from './webhooks';

/** The network's own record of a text message. */
export interface MessageRecord {
  sid: string;
  /** The sender; null while a Messaging Service has not picked one. */
  from: string | null;
  to: string;
  body: string;
  status: MessageStatus;
  messagingServiceSid?: string;
  statusCallback?: string;
  createdAt: number;
  updatedAt: number;
  sentAt?: number;
}

/** Why Twilio refuses to take a message: its error code and text. */
export interface MessageRefusal {
  code: number;
  message: string;
}

const E164 = /^\+[1-9]\d{1,14}$/;
const MAX_BODY = 1600;

/**
 * Segments a body is billed as: one up to 160 characters, else 153 a
 * segment (GSM-7's concatenation header; other alphabets are not told apart).
 */
const segmentsOf = (body: string) =>
  body.length <= 160 ? 1 : Math.ceil(body.length / 153);

/**
 * Text messages (Twilio's Messages resource): taken from the account's own
 * numbers or a Messaging Service, then queued, sent and delivered to the
 * phone at `To` at once (no clock time), each status reported to the
 * message's status callback, signed like every webhook.
 */
export class Messages {
  readonly #records = new Map<string, MessageRecord>();
  /** Messaging Services: their sid, and the numbers they send from. */
  readonly #services = new Map<string, string[]>();

  constructor(private readonly board: Switchboard) {}

  addService(sid: string, senders: string[]) {
    if (!/^MG[0-9a-fA-F]{32}$/.test(sid)) {
      throw new Error(
        `${sid} is not a Messaging Service sid (MG and 32 hex digits)`,
      );
    }
    if (senders.length === 0) {
      throw new Error(`Messaging Service ${sid} needs a number to send from`);
    }
    this.#services.set(sid, [...senders]);
  }

  /** A new message from the REST API's form, or why Twilio would refuse it. */
  create(data: Form): MessageRecord | MessageRefusal {
    const refusal = this.#refusal(data);
    if (refusal) return refusal;
    const now = this.board.now();
    const viaService = !data.From;
    const message: MessageRecord = {
      sid: this.board.sid('SM'),
      from: viaService ? null : data.From,
      to: data.To,
      body: data.Body,
      status: viaService ? 'accepted' : 'queued',
      messagingServiceSid: data.MessagingServiceSid,
      statusCallback: data.StatusCallback,
      createdAt: now,
      updatedAt: now,
    };
    this.#records.set(message.sid, message);
    this.board.activity.track(this.#deliver(message));
    return message;
  }

  get(sid: string): MessageRecord | undefined {
    return this.#records.get(sid);
  }

  /** Every message, oldest first. */
  all(): MessageRecord[] {
    return [...this.#records.values()];
  }

  #refusal(data: Form): MessageRefusal | undefined {
    if (!data.To) {
      return { code: 21604, message: "A 'To' phone number is required." };
    }
    if (!E164.test(data.To)) {
      return { code: 21211, message: `Invalid 'To' Phone Number: ${data.To}` };
    }
    if (!data.From && !data.MessagingServiceSid) {
      return {
        code: 21603,
        message: "A 'From' phone number or a MessagingServiceSid is required.",
      };
    }
    if (!data.Body) {
      return { code: 21602, message: 'Message body is required.' };
    }
    if (data.Body.length > MAX_BODY) {
      return {
        code: 21617,
        message: `The concatenated message body exceeds the ${MAX_BODY} character limit.`,
      };
    }
    if (data.From) {
      if (!E164.test(data.From)) {
        return {
          code: 21212,
          message: `Invalid From Number: ${data.From} is not a phone number of E.164 form.`,
        };
      }
      if (!this.board.numbers.has(data.From)) {
        return {
          code: 21606,
          message: `The From phone number ${data.From} is not a valid, SMS-capable inbound phone number or short code for your account.`,
        };
      }
    } else if (!this.#services.has(data.MessagingServiceSid)) {
      return {
        code: 21705,
        message: `The Messaging Service Sid ${data.MessagingServiceSid} is invalid.`,
      };
    }
    return undefined;
  }

  async #deliver(message: MessageRecord) {
    // The REST answer with the new sid goes out before anything happens.
    await Promise.resolve();
    if (message.status === 'accepted') {
      // A service sends from the first number of its pool.
      message.from = this.#services.get(message.messagingServiceSid!)![0];
      await this.#advance(message, 'queued');
    }
    await this.#advance(message, 'sent');
    await this.#advance(message, 'delivered');
  }

  async #advance(message: MessageRecord, status: MessageStatus) {
    const now = this.board.now();
    message.status = status;
    message.updatedAt = now;
    if (status === 'sent') message.sentAt = now;
    if (!message.statusCallback) return;
    const report = this.board.webhook(message.statusCallback, {
      AccountSid: this.board.options.accountSid,
      ApiVersion: '2010-04-01',
      MessageSid: message.sid,
      SmsSid: message.sid,
      MessageStatus: status,
      SmsStatus: status,
      From: message.from ?? '',
      To: message.to,
      ...(message.messagingServiceSid
        ? { MessagingServiceSid: message.messagingServiceSid }
        : {}),
    });
    // A refused callback is a failure for `settled`, as every webhook's is;
    // the message goes on all the same, as on Twilio.
    this.board.activity.track(report);
    await report.catch(() => undefined);
  }
}

/** A message as the REST API shows it (snake_case, like Twilio). */
export function messageResource(accountSid: string, message: MessageRecord) {
  const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}`;
  return {
    sid: message.sid,
    account_sid: accountSid,
    api_version: '2010-04-01',
    body: message.body,
    date_created: rfc2822(message.createdAt),
    date_updated: rfc2822(message.updatedAt),
    date_sent: message.sentAt === undefined ? null : rfc2822(message.sentAt),
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: message.from,
    to: message.to,
    messaging_service_sid: message.messagingServiceSid ?? null,
    num_media: '0',
    num_segments: String(segmentsOf(message.body)),
    price: null,
    price_unit: 'USD',
    status: message.status,
    subresource_uris: { media: `${uri}/Media.json` },
    uri: `${uri}.json`,
  };
}

/** A live, read-only view of a message: it reads the record when asked. */
export function viewOfMessage(message: MessageRecord): SimulatedMessage {
  const { sid, to, body } = message;
  return {
    sid,
    to,
    body,
    get from() {
      return message.from;
    },
    get status() {
      return message.status;
    },
    dateCreated: new Date(message.createdAt).toISOString(),
  };
}
