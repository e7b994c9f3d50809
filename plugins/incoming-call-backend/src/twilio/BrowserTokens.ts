import twilio from 'twilio';

/** The Twilio settings a browser needs to place calls through a TwiML app. */
export interface BrowserVoiceConfig {
  accountSid: string;
  apiKeySid: string;
  apiKeySecret: string;
  /** The TwiML app whose voice URL is the `browser-connect` webhook. */
  twimlAppSid: string;
}

/** How long a browser may use its token to connect (seconds). */
const TOKEN_TTL_SECONDS = 300;

/**
 * Mints the short-lived access tokens the Twilio Voice JS SDK connects with:
 * they let a browser call the TwiML app, nothing else.
 */
export class BrowserTokens {
  constructor(private readonly config: BrowserVoiceConfig) {}

  mint(identity: string): string {
    const { AccessToken } = twilio.jwt;
    const token = new AccessToken(
      this.config.accountSid,
      this.config.apiKeySid,
      this.config.apiKeySecret,
      { identity, ttl: TOKEN_TTL_SECONDS },
    );
    token.addGrant(
      new AccessToken.VoiceGrant({
        outgoingApplicationSid: this.config.twimlAppSid,
      }),
    );
    return token.toJwt();
  }
}
