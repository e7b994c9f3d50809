import { signedMediaUrl } from '../domain/audio/mediaSignature';

/** Where TwiML sends Twilio: the webhooks, and links to uploaded audio. */
export interface TwimlUrls {
  /** The public webhook root. */
  webhooks: string;
  /** A signed link to an uploaded audio file, for `<Play>`. */
  audio(audioId: string): string;
}

/**
 * The URLs for one TwiML answer. Media is served next to the webhooks
 * (`…/incoming-call/media` beside `…/incoming-call/webhooks`) unless
 * `mediaBaseUrl` says otherwise.
 */
export function createTwimlUrls(options: {
  webhookBaseUrl: () => Promise<string>;
  mediaBaseUrl: string | undefined;
  signingKey: Buffer;
}): () => Promise<TwimlUrls> {
  return async () => {
    const webhooks = await options.webhookBaseUrl();
    const baseUrl =
      options.mediaBaseUrl ?? `${webhooks.replace(/\/[^/]*\/?$/, '')}/media`;
    return {
      webhooks,
      audio: id =>
        signedMediaUrl({
          id,
          baseUrl,
          key: options.signingKey,
          now: new Date(),
        }),
    };
  };
}
