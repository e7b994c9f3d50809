import type { RequestClient } from 'twilio';

/** A REST request the plugin made through the Twilio SDK. */
export interface TwilioRequest {
  method: string;
  /** The path after /2010-04-01/Accounts/{sid}, e.g. `/Calls.json`. */
  path: string;
  data: Record<string, unknown>;
}

/** The SID of the n-th leg placed through a client with `twilioSids`. */
export const legSid = (n: number) =>
  `CA${'f'.repeat(28)}${n.toString(16).padStart(4, '0')}`;

/**
 * Stands in for Twilio's REST API behind the SDK's `httpClient` option:
 * records every request and answers like Twilio (calls get `CL…` SIDs, or
 * with `twilioSids` SIDs in Twilio's format, see {@link legSid}).
 * `failNextCreate` makes the next call creation fail as Twilio would.
 */
export class RecordingTwilioClient {
  readonly requests: TwilioRequest[] = [];
  failNextCreate = false;
  #next = 1;

  constructor(private readonly options: { twilioSids?: boolean } = {}) {}

  async request(opts: {
    method: string;
    uri: string;
    data?: Record<string, unknown>;
    params?: Record<string, unknown>;
  }) {
    const path = new URL(opts.uri).pathname.replace(
      /^\/2010-04-01\/Accounts\/[^/]+/,
      '',
    );
    this.requests.push({
      method: opts.method.toUpperCase(),
      path,
      data: opts.data ?? {},
    });
    if (path === '/Calls.json' && opts.method.toUpperCase() === 'GET') {
      // Listing calls (looking for a leg): none was placed here unseen.
      return {
        statusCode: 200,
        body: JSON.stringify({
          calls: [],
          uri: opts.uri,
          next_page_uri: null,
          page: 0,
          page_size: 50,
        }),
        headers: {},
      };
    }
    if (
      path === '/IncomingPhoneNumbers.json' &&
      opts.method.toUpperCase() === 'GET'
    ) {
      // The account has any number asked for, pointed nowhere yet.
      const number = String(opts.params?.PhoneNumber ?? '');
      return {
        statusCode: 200,
        body: JSON.stringify({
          incoming_phone_numbers: number
            ? [
                {
                  sid: `PN${number.replace(/\D/g, '').padStart(32, '0')}`,
                  phone_number: number,
                  friendly_name: number,
                  voice_url: '',
                  voice_fallback_url: '',
                  status_callback: '',
                  capabilities: { voice: true },
                },
              ]
            : [],
          uri: opts.uri,
          next_page_uri: null,
          page: 0,
          page_size: 50,
        }),
        headers: {},
      };
    }
    if (path === '/Calls.json' && this.failNextCreate) {
      this.failNextCreate = false;
      return {
        statusCode: 400,
        body: JSON.stringify({ code: 21211, message: 'Invalid To number' }),
        headers: {},
      };
    }
    let sid: string;
    if (path !== '/Calls.json') {
      sid = path.split('/')[2].replace('.json', '');
    } else if (this.options.twilioSids) {
      sid = legSid(this.#next++);
    } else {
      sid = `CL${this.#next++}`;
    }
    return {
      statusCode: path === '/Calls.json' ? 201 : 200,
      body: JSON.stringify({ sid }),
      headers: {},
    };
  }

  /** The legs placed, as (to, sid) pairs in order. */
  placedLegs() {
    return this.requests
      .filter(r => r.path === '/Calls.json' && r.method === 'POST')
      .map(r => r.data.To);
  }

  asRequestClient(): RequestClient {
    return this as unknown as RequestClient;
  }
}
