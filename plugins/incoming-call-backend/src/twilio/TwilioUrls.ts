import { signedMediaUrl } from '../domain/audio/mediaSignature';
import type { Clock } from '../lib/clock';

/** `call` names the caller's leg and `leg` the responder's place in the plan. */
const legQuery = (callSid: string, index: number) =>
  `call=${encodeURIComponent(callSid)}&leg=${index}`;

/**
 * Every URL Twilio is given or signs: the webhooks, with the parameters
 * that name a call and its responder leg, and signed links to uploaded
 * audio. The one place they are spelt out.
 */
export class TwilioUrls {
  /** The public webhook root. */
  readonly webhooks: string;
  /** A signed link to an uploaded audio file, for `<Play>`. */
  readonly audio: (audioId: string) => string;

  constructor(roots: { webhooks: string; audio: (audioId: string) => string }) {
    this.webhooks = roots.webhooks;
    this.audio = roots.audio;
  }

  /** A webhook by its path and query under the root, as Twilio signs it. */
  webhook(pathAndQuery: string): string {
    return `${this.webhooks}${pathAndQuery}`;
  }

  /**
   * What a number of the plugin's routes to: calls to `/voice`, Twilio's
   * fallback when that fails to `/voice-fallback` (degraded mode), the
   * caller's status to `/call-status`.
   */
  numberRoute(): {
    voiceUrl: string;
    voiceFallbackUrl: string;
    statusCallback: string;
  } {
    return {
      voiceUrl: this.webhook('/voice'),
      voiceFallbackUrl: this.webhook('/voice-fallback'),
      statusCallback: this.webhook('/call-status'),
    };
  }

  /** The caller's choice in the auto-attendant; `attempt` counts the asks. */
  menu(attempt: number): string {
    return this.webhook(`/menu?attempt=${attempt}`);
  }

  /**
   * The wait document of every caller's queue (`<Enqueue waitUrl>`): their
   * place in the line, then the hold music (`audioId`, when uploaded).
   */
  lineWait(audioId?: string): string {
    return this.webhook(
      audioId === undefined
        ? '/line-wait'
        : `/line-wait?audio=${encodeURIComponent(audioId)}`,
    );
  }

  /** The key a waiting caller pressed during the wait document (`<Gather action>`). */
  lineKey(): string {
    return this.webhook('/line-key');
  }

  /** Where Twilio reports that the caller left their queue (`<Enqueue action>`). */
  queueLeft(): string {
    return this.webhook('/queue-left');
  }

  /** Where a caller goes after recording a voicemail. */
  voicemailDone(): string {
    return this.webhook('/voicemail-done');
  }

  /** Where Twilio reports a finished voicemail recording. */
  recording(): string {
    return this.webhook('/recording');
  }

  /** Where Twilio sends the transcription of a voicemail. */
  transcription(): string {
    return this.webhook('/transcription');
  }

  /** A responder picked up the leg of plan[index] of the call `callSid`. */
  responderAnswer(callSid: string, index: number): string {
    return this.webhook(`/responder-answer?${legQuery(callSid, index)}`);
  }

  /** The responder on that leg pressed a key. */
  responderConfirm(callSid: string, index: number): string {
    return this.webhook(`/responder-confirm?${legQuery(callSid, index)}`);
  }

  /**
   * The responder on that leg is back from the bridge (`<Dial action>`):
   * the caller hung up, so they may take the next caller.
   */
  afterCall(callSid: string, index: number): string {
    return this.webhook(`/after-call?${legQuery(callSid, index)}`);
  }

  /** The responder answered the offer of the next caller (`<Gather action>`). */
  nextCaller(callSid: string, index: number): string {
    return this.webhook(`/next-caller?${legQuery(callSid, index)}`);
  }

  /** The status callback of that leg. */
  legStatus(callSid: string, index: number): string {
    return this.webhook(`/leg-status?${legQuery(callSid, index)}`);
  }
}

/**
 * The URLs for one answer to Twilio. Media is served next to the webhooks
 * (`…/incoming-call/media` beside `…/incoming-call/webhooks`) unless
 * `mediaBaseUrl` says otherwise.
 */
export function createTwilioUrls(options: {
  webhookBaseUrl: () => Promise<string>;
  mediaBaseUrl: string | undefined;
  signingKey: Buffer;
  clock: Clock;
}): () => Promise<TwilioUrls> {
  return async () => {
    const webhooks = await options.webhookBaseUrl();
    const baseUrl =
      options.mediaBaseUrl ?? `${webhooks.replace(/\/[^/]*\/?$/, '')}/media`;
    return new TwilioUrls({
      webhooks,
      audio: id =>
        signedMediaUrl({
          id,
          baseUrl,
          key: options.signingKey,
          now: new Date(options.clock.now()),
        }),
    });
  };
}
