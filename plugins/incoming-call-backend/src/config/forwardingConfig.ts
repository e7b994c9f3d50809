import type { Config } from '@backstage/config';

/** How the forwarding outbox runs (`incomingCall.forwarding`). */
export interface ForwardingSettings {
  /** How often the outbox task runs (seconds). */
  pollIntervalSeconds: number;
  /** Attempts per delivery before it is given up. */
  maxAttempts: number;
  /** The wait after the first failed attempt (ms); it doubles after each. */
  initialBackoffMs: number;
  /** The longest wait between attempts (ms). */
  maxBackoffMs: number;
  /** How long one request may take (ms). */
  requestTimeoutMs: number;
  /** The absolute base URL of the Backstage app, for links to alerts. */
  appBaseUrl: string;
}

/** The `incomingCall.forwarding` settings, with their defaults. */
export function readForwardingSettings(config: Config): ForwardingSettings {
  const seconds = (key: string, fallback: number) =>
    config.getOptionalNumber(`incomingCall.forwarding.${key}`) ?? fallback;
  return {
    pollIntervalSeconds: seconds('pollIntervalSeconds', 5),
    maxAttempts: seconds('maxAttempts', 10),
    initialBackoffMs: seconds('backoff.initialSeconds', 10) * 1000,
    maxBackoffMs: seconds('backoff.maxSeconds', 3600) * 1000,
    requestTimeoutMs: seconds('requestTimeoutSeconds', 10) * 1000,
    appBaseUrl: (
      config.getOptionalString('app.baseUrl') ?? 'http://localhost:3000'
    ).replace(/\/+$/, ''),
  };
}
