export interface Config {
  /** Incoming call routing. */
  incomingCall?: {
    /**
     * How often, in seconds, each backend replica re-reads users, groups,
     * schedules and escalations from the catalog. Default 60.
     */
    catalogRefreshSeconds?: number;
    /**
     * The public URL Twilio calls the webhooks at, which their signatures
     * are computed over. Default: the plugin's external base URL (from discovery) + `/webhooks`.
     * Set it when Twilio reaches the backend through a proxy or tunnel.
     */
    webhookBaseUrl?: string;
    /**
     * The Twilio account the phone numbers belong to. Without it every
     * webhook is refused.
     */
    twilio?: {
      accountSid: string;
      /**
       * Signs every webhook Twilio sends, and authenticates the REST calls
       * that place responder legs.
       * @visibility secret
       */
      authToken: string;
    };
  };
}
