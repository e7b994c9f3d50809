import twilio, { type Twilio } from 'twilio';

/** A recording's audio as Twilio answered: whole, or the range asked for. */
export interface RecordingAudio {
  /** 200 (whole), 206 (the range asked for) or 416 (a range past the end). */
  status: 200 | 206 | 416;
  contentType: string;
  body: Buffer;
  /** `bytes a-b/size` on a 206, `bytes * /size` on a 416, as Twilio sent it. */
  contentRange?: string;
}

const MEDIA = /\/Recordings\/RE[0-9a-fA-F]{32}(\.(wav|mp3))?$/;

/**
 * The SDK's default request client, made safe for a recording's audio:
 * axios decodes every body as text unless told otherwise, which would
 * corrupt the bytes, so requests for recording media ask for a buffer.
 * Everything else is as the SDK sends it.
 */
export function createRequestClient(): twilio.RequestClient {
  const client = new twilio.RequestClient();
  client.axios.interceptors.request.use(config => {
    if (config.url && MEDIA.test(new URL(config.url).pathname)) {
      config.responseType = 'arraybuffer';
    }
    return config;
  });
  return client;
}

const toBuffer = (body: unknown): Buffer => {
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    return Buffer.from(body as ArrayBuffer);
  }
  return Buffer.from(String(body ?? ''), 'latin1');
};

const header = (headers: unknown, name: string): string | undefined => {
  if (!headers || typeof headers !== 'object') return undefined;
  const entry = Object.entries(headers as Record<string, unknown>).find(
    ([key]) => key.toLowerCase() === name,
  );
  return entry?.[1] === undefined ? undefined : String(entry[1]);
};

/**
 * Fetches voicemail recordings from Twilio with the account's credentials,
 * through the SDK's request client (real Twilio, or the simulated network
 * through its `httpClient`). The URL is made from the recording SID and
 * the account, never taken from elsewhere.
 */
export class TwilioRecordings {
  constructor(private readonly client: Twilio) {}

  /**
   * The WAV of a recording, or the byte range `range` (an HTTP `Range`
   * header) of it; undefined when Twilio has no such recording.
   */
  async fetch(
    recordingSid: string,
    range?: string,
  ): Promise<RecordingAudio | undefined> {
    if (!/^RE[0-9a-fA-F]{32}$/.test(recordingSid)) return undefined;
    const uri = `https://api.twilio.com/2010-04-01/Accounts/${this.client.accountSid}/Recordings/${recordingSid}.wav`;
    const response = await this.client.request({
      method: 'get',
      uri,
      headers: { Accept: 'audio/wav', ...(range && { Range: range }) },
      // Twilio may answer the media URL with a redirect to its storage.
      allowRedirects: true,
    });
    const status = Number(response.statusCode);
    if (status === 404) return undefined;
    if (status !== 200 && status !== 206 && status !== 416) {
      throw new Error(
        `Twilio answered ${status} for recording ${recordingSid}`,
      );
    }
    const { body } = response as { body: unknown };
    return {
      status,
      contentType: header(response.headers, 'content-type') ?? 'audio/wav',
      body: toBuffer(body),
      contentRange: header(response.headers, 'content-range'),
    };
  }
}
