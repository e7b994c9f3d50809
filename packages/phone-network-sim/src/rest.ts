import { isFinalCall } from '@icr/plugin-phone-network-sim-common';
import { callDuration, type CallRecord } from './calls';
import { statusEvents } from './dial';
import type { Doc, Interpreter } from './interpreter';
import { type MessageRecord, messageResource, type Messages } from './messages';
import {
  availableCountries,
  availableNumbers,
  inCatalogue,
  incomingNumberResource,
} from './numbers';
import type { Switchboard } from './switchboard';
import { byteRange, mp3Of, recordingResource, wavOf } from './recordings';
import { parseTwiml } from './twiml';
import { type Form, rfc2822 } from './webhooks';

/**
 * A request as the `twilio` SDK hands it to its `httpClient`.
 *
 * @public
 */
export interface RestRequest {
  method: string;
  uri: string;
  params?: Record<string, unknown>;
  data?: Record<string, unknown>;
  /** Request headers; a recording's media answers `Range`. */
  headers?: Record<string, string | undefined>;
}

/** @public */
export interface RestResponse {
  statusCode: number;
  /** JSON text, or a recording's audio bytes. */
  body: string | Buffer;
  headers: Record<string, string>;
}

const respond = (statusCode: number, body?: unknown): RestResponse => ({
  statusCode,
  body: body === undefined ? '' : JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});

const notFound = () =>
  respond(404, {
    code: 20404,
    message: 'The requested resource was not found',
    more_info: 'https://www.twilio.com/docs/errors/20404',
    status: 404,
  });

const badRequest = (code: number, message: string) =>
  respond(400, {
    code,
    message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status: 400,
  });

/** Form values from the SDK: lists (StatusCallbackEvent) arrive as arrays. */
function form(values: Record<string, unknown> = {}): Form {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      k,
      Array.isArray(v) ? v.join(' ') : String(v),
    ]),
  );
}

/**
 * The Twilio REST API subset the backend uses, for the SDK's `httpClient`:
 * calls (create, list with filters, fetch, update), queues and their members, incoming numbers
 * (list, buy, update, release), available numbers, and recordings (the
 * resource, and its audio as `.wav` or `.mp3`, with `Range`), and messages
 * (send, list with filters, fetch). Shapes follow Twilio's (snake_case
 * fields, list pages under the resource's key).
 */
export class RestApi {
  constructor(
    private readonly board: Switchboard,
    private readonly interpreter: Interpreter,
    private readonly messages: Messages,
  ) {}

  async request(req: RestRequest): Promise<RestResponse> {
    const url = new URL(req.uri);
    const base = `/2010-04-01/Accounts/${this.board.options.accountSid}`;
    if (!url.pathname.startsWith(`${base}/`)) return notFound();
    const path = url.pathname.slice(base.length);
    const method = req.method.toUpperCase();
    const data = form(req.data);
    const query = {
      ...Object.fromEntries(url.searchParams),
      ...form(req.params),
    };
    const key = `${method} ${path.replace(
      /\/(CA|QU|PN|RE|SM)[0-9a-f]{32}/g,
      '/$1',
    )}`;
    const sid = /\/((?:CA|QU|PN|RE|SM)[0-9a-f]{32})/.exec(path)?.[1] ?? '';
    switch (key) {
      case 'GET /Recordings/RE.json': {
        const recording = this.board.recordings.get(sid);
        if (!recording) return notFound();
        return respond(
          200,
          recordingResource(this.board.options.accountSid, recording),
        );
      }
      // As on Twilio, the media URL without an extension is the WAV.
      case 'GET /Recordings/RE':
      case 'GET /Recordings/RE.wav':
      case 'GET /Recordings/RE.mp3':
        return this.#recordingMedia(sid, path.endsWith('.mp3'), req.headers);
      case 'POST /Messages.json': {
        const created = this.messages.create(data);
        return 'code' in created
          ? badRequest(created.code, created.message)
          : respond(201, this.#message(created));
      }
      case 'GET /Messages.json':
        return this.#page(
          path,
          'messages',
          this.messages
            .all()
            .filter(
              m =>
                (!query.To || m.to === query.To) &&
                (!query.From || m.from === query.From),
            )
            // Newest first, as on Twilio.
            .reverse()
            .map(m => this.#message(m)),
        );
      case 'GET /Messages/SM.json': {
        const message = this.messages.get(sid);
        return message ? respond(200, this.#message(message)) : notFound();
      }
      case 'POST /Calls.json':
        return respond(201, this.#call(this.#createCall(data)));
      case 'GET /Calls.json':
        return this.#page(
          path,
          'calls',
          this.#listCalls(query).map(call => this.#call(call)),
        );
      case 'GET /Calls/CA.json':
      case 'POST /Calls/CA.json': {
        const call = this.board.calls.get(sid);
        if (!call) return notFound();
        if (method === 'POST') this.#updateCall(call, data);
        return respond(200, this.#call(call));
      }
      case 'GET /Queues.json':
        return this.#page(
          path,
          'queues',
          this.board.queues
            .list()
            .map(q =>
              this.board.queues.resource(this.board.options.accountSid, q),
            ),
        );
      case 'GET /Queues/QU.json':
      case 'GET /Queues/QU/Members.json': {
        const queue = this.board.queues.bySid(sid);
        if (!queue) return notFound();
        const account = this.board.options.accountSid;
        return path.endsWith('/Members.json')
          ? this.#page(
              path,
              'queue_members',
              this.board.queues.memberResources(account, queue),
            )
          : respond(200, this.board.queues.resource(account, queue));
      }
      case 'GET /IncomingPhoneNumbers.json':
        return this.#page(
          path,
          'incoming_phone_numbers',
          [...this.board.numbers.values()]
            .filter(
              n =>
                (!query.PhoneNumber || n.phoneNumber === query.PhoneNumber) &&
                (!query.FriendlyName || n.friendlyName === query.FriendlyName),
            )
            .map(n => incomingNumberResource(this.board.options.accountSid, n)),
        );
      case 'POST /IncomingPhoneNumbers.json':
        return this.#buyNumber(data);
      case 'GET /IncomingPhoneNumbers/PN.json':
      case 'POST /IncomingPhoneNumbers/PN.json':
      case 'DELETE /IncomingPhoneNumbers/PN.json':
        return this.#number(method, sid, data);
      case 'GET /AvailablePhoneNumbers.json':
        return respond(200, {
          countries: availableCountries(this.board.options.accountSid),
          uri: `/2010-04-01/Accounts/${this.board.options.accountSid}${path}`,
        });
      default: {
        const list =
          /^\/AvailablePhoneNumbers\/([A-Za-z]{2})\/(Local|TollFree|Mobile)\.json$/.exec(
            path,
          );
        const numbers =
          list &&
          availableNumbers(list[1], list[2], query, n =>
            this.board.numbers.has(n),
          );
        if (method !== 'GET' || !numbers) return notFound();
        const size = Number(query.PageSize) || 20;
        return respond(200, {
          available_phone_numbers: numbers.slice(0, size),
          uri: `/2010-04-01/Accounts/${this.board.options.accountSid}${path}`,
        });
      }
    }
  }

  /** A recording's audio, whole or the one byte range asked for. */
  #recordingMedia(
    sid: string,
    mp3: boolean,
    headers: RestRequest['headers'] = {},
  ): RestResponse {
    const recording = this.board.recordings.get(sid);
    if (!recording) return notFound();
    const audio = mp3
      ? mp3Of(recording.durationSeconds)
      : wavOf(recording.durationSeconds);
    const common = {
      'content-type': mp3 ? 'audio/mpeg' : 'audio/x-wav',
      'accept-ranges': 'bytes',
    };
    const rangeHeader = Object.entries(headers).find(
      ([name]) => name.toLowerCase() === 'range',
    )?.[1];
    const range = byteRange(rangeHeader, audio.length);
    if (range === 'unsatisfiable') {
      return {
        statusCode: 416,
        body: '',
        headers: { ...common, 'content-range': `bytes */${audio.length}` },
      };
    }
    if (range) {
      const body = audio.subarray(range.start, range.end + 1);
      return {
        statusCode: 206,
        body,
        headers: {
          ...common,
          'content-length': String(body.length),
          'content-range': `bytes ${range.start}-${range.end}/${audio.length}`,
        },
      };
    }
    return {
      statusCode: 200,
      body: audio,
      headers: { ...common, 'content-length': String(audio.length) },
    };
  }

  /** A list page with everything on it (nothing here needs paging). */
  #page(path: string, key: string, items: unknown[]): RestResponse {
    const uri = `/2010-04-01/Accounts/${this.board.options.accountSid}${path}`;
    return respond(200, {
      [key]: items,
      uri,
      first_page_uri: uri,
      next_page_uri: null,
      previous_page_uri: null,
      page: 0,
      page_size: items.length,
      start: 0,
      end: Math.max(0, items.length - 1),
    });
  }

  #message(message: MessageRecord) {
    return messageResource(this.board.options.accountSid, message);
  }

  #call(call: CallRecord) {
    const account = this.board.options.accountSid;
    const end = call.endedAt ?? this.board.now();
    return {
      sid: call.sid,
      account_sid: account,
      parent_call_sid: call.parentCallSid ?? null,
      from: call.from,
      from_formatted: call.from,
      to: call.to,
      to_formatted: call.to,
      status: call.status,
      direction: call.direction,
      date_created: rfc2822(call.createdAt),
      date_updated: rfc2822(end),
      start_time: call.answeredAt ? rfc2822(call.answeredAt) : null,
      end_time: call.endedAt ? rfc2822(call.endedAt) : null,
      duration: isFinalCall(call) ? String(callDuration(call, end)) : null,
      answered_by: null,
      api_version: '2010-04-01',
      queue_time: '0',
      uri: `/2010-04-01/Accounts/${account}/Calls/${call.sid}.json`,
    };
  }

  /**
   * The calls matching Twilio's list filters `To`, `From`, `Status` and
   * `StartTime>` / `StartTime<` (a call counts from its creation here, so a
   * leg still ringing is found too), newest first as on Twilio.
   */
  #listCalls(query: Record<string, string>): CallRecord[] {
    const after = query['StartTime>'] ? Date.parse(query['StartTime>']) : NaN;
    const before = query['StartTime<'] ? Date.parse(query['StartTime<']) : NaN;
    return [...this.board.calls.values()]
      .filter(
        call =>
          (!query.To || call.to === query.To) &&
          (!query.From || call.from === query.From) &&
          (!query.Status || call.status === query.Status) &&
          (Number.isNaN(after) || call.createdAt >= after) &&
          (Number.isNaN(before) || call.createdAt <= before),
      )
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  /** A new outbound leg: it rings the phone at `To`, then follows `Url` or `Twiml`. */
  #createCall(data: Form): CallRecord {
    const { board } = this;
    const leg = board.newCall({
      from: data.From,
      to: data.To,
      direction: 'outbound-api',
      statusCallback: data.StatusCallback,
      statusEvents: statusEvents(data.StatusCallbackEvent),
    });
    board.activity.track(
      (async () => {
        if (!(await board.ring(leg, Number(data.Timeout) || 60))) return;
        const doc: Doc = { call: leg, scope: leg.scope };
        if (data.Twiml) await this.interpreter.run(doc, parseTwiml(data.Twiml));
        else await this.interpreter.follow(doc, data.Url, {});
      })(),
    );
    return leg;
  }

  /** New TwiML (inline or a URL) for a live call, or its end. */
  #updateCall(call: CallRecord, data: Form) {
    const { board } = this;
    // As on Twilio, `canceled` only stops a call that is still ringing.
    if (call.status === 'ringing' && data.Status) {
      board.activity.track(board.end(call, 'canceled'));
    } else if (data.Status === 'completed') {
      board.activity.track(board.end(call, 'completed'));
    } else if (call.status === 'in-progress' && (data.Twiml || data.Url)) {
      const doc: Doc = { call, scope: board.restart(call) };
      board.activity.track(
        data.Twiml
          ? this.interpreter.run(doc, parseTwiml(data.Twiml))
          : this.interpreter.follow(doc, data.Url, {}),
      );
    }
  }

  #buyNumber(data: Form): RestResponse {
    const { board } = this;
    // With `AreaCode` instead of a number, the first one for sale there.
    const number =
      data.PhoneNumber ??
      (data.AreaCode &&
        ['US', 'CA']
          .flatMap(
            country =>
              availableNumbers(country, 'Local', data, n =>
                board.numbers.has(n),
              ) ?? [],
          )
          .at(0)?.phone_number);
    if (!number) {
      return data.AreaCode
        ? badRequest(
            21452,
            `No phone numbers found in area code ${data.AreaCode}`,
          )
        : badRequest(21421, 'PhoneNumber is required');
    }
    // Only numbers of the catalogue are for sale, each once.
    if (board.numbers.has(number) || !inCatalogue(number)) {
      return badRequest(21422, `PhoneNumber ${number} is not available`);
    }
    const incoming = {
      sid: board.sid('PN'),
      phoneNumber: number,
      friendlyName: data.FriendlyName ?? number,
      voiceUrl: data.VoiceUrl ?? '',
      voiceFallbackUrl: data.VoiceFallbackUrl,
      statusCallback: data.StatusCallback,
      createdAt: board.now(),
    };
    board.numbers.set(number, incoming);
    return respond(
      201,
      incomingNumberResource(board.options.accountSid, incoming),
    );
  }

  #number(method: string, sid: string, data: Form): RestResponse {
    const { board } = this;
    const incoming = [...board.numbers.values()].find(n => n.sid === sid);
    if (!incoming) return notFound();
    if (method === 'DELETE') {
      board.numbers.delete(incoming.phoneNumber);
      return respond(204);
    }
    if (method === 'POST') {
      incoming.voiceUrl = data.VoiceUrl ?? incoming.voiceUrl;
      incoming.voiceFallbackUrl =
        data.VoiceFallbackUrl ?? incoming.voiceFallbackUrl;
      incoming.statusCallback = data.StatusCallback ?? incoming.statusCallback;
      incoming.friendlyName = data.FriendlyName ?? incoming.friendlyName;
    }
    return respond(
      200,
      incomingNumberResource(board.options.accountSid, incoming),
    );
  }
}
