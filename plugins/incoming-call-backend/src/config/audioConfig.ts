import type { Config } from '@backstage/config';
import { createHmac } from 'node:crypto';

/** 5 MiB: minutes of telephone-quality audio in any of the formats. */
export const DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

export interface AudioConfig {
  maxUploadBytes: number;
  /**
   * The key media links are signed with, or undefined when there is no
   * secret to derive it from (then no link is valid).
   */
  signingKey: Buffer | undefined;
  /** Where Twilio fetches media, when it is not next to the webhooks. */
  mediaBaseUrl: string | undefined;
}

/** The `incomingCall.audio` settings, with their defaults. */
export function readAudioConfig(config: Config): AudioConfig {
  const secret =
    config.getOptionalString('incomingCall.audio.signingSecret') ??
    config.getOptionalString('incomingCall.twilio.authToken');
  return {
    maxUploadBytes:
      config.getOptionalNumber('incomingCall.audio.maxUploadBytes') ??
      DEFAULT_MAX_UPLOAD_BYTES,
    // A key of its own, so a media link reveals nothing usable as the
    // Twilio auth token's signature of anything else.
    signingKey: secret
      ? createHmac('sha256', secret)
          .update('incoming-call media links')
          .digest()
      : undefined,
    mediaBaseUrl: config
      .getOptionalString('incomingCall.audio.mediaBaseUrl')
      ?.replace(/\/$/, ''),
  };
}
