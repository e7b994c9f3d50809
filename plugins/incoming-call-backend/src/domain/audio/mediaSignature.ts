import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a media link stays valid: for the call, and for Twilio's cache. */
export const MEDIA_LINK_SECONDS = 24 * 60 * 60;

const HOUR_SECONDS = 60 * 60;

const signatureOf = (key: Buffer, id: string, expires: string) =>
  createHmac('sha256', key).update(`${id}\n${expires}`).digest('base64url');

/**
 * A link Twilio can fetch an uploaded file from without a Backstage token:
 * HMAC-SHA256 over the file id and the expiry. Expiries are rounded up to
 * the hour, so calls within one hour get the same URL and Twilio, which
 * caches media by URL, fetches each file once an hour at most.
 */
export function signedMediaUrl(options: {
  id: string;
  /** The public URL of the media route, without a trailing slash. */
  baseUrl: string;
  key: Buffer;
  now: Date;
}): string {
  const { id, baseUrl, key, now } = options;
  const expires = String(
    Math.ceil(now.getTime() / 1000 / HOUR_SECONDS) * HOUR_SECONDS +
      MEDIA_LINK_SECONDS,
  );
  const query = new URLSearchParams({
    expires,
    signature: signatureOf(key, id, expires),
  });
  return `${baseUrl}/${encodeURIComponent(id)}?${query}`;
}

/**
 * Seconds until the link expires when its signature is right and it has not
 * expired yet; undefined otherwise.
 */
export function secondsLeftOnMediaLink(options: {
  id: string;
  expires: unknown;
  signature: unknown;
  key: Buffer;
  now: Date;
}): number | undefined {
  const { id, expires, signature, key, now } = options;
  if (typeof expires !== 'string' || !/^\d{1,12}$/.test(expires)) {
    return undefined;
  }
  if (typeof signature !== 'string') return undefined;
  const expected = Buffer.from(signatureOf(key, id, expires));
  const given = Buffer.from(signature);
  // Compared in constant time, so the signature cannot be guessed bit by bit.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return undefined;
  }
  const left = Number(expires) - Math.floor(now.getTime() / 1000);
  return left > 0 ? left : undefined;
}
