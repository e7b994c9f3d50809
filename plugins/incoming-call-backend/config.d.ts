export interface Config {
  /** Incoming call routing. */
  incomingCall?: {
    /**
     * How often, in seconds, each backend replica re-reads users, groups,
     * schedules and escalations from the catalog. Default 60.
     */
    catalogRefreshSeconds?: number;
    /**
     * How long, in seconds, a call that arrives before the catalog has been
     * read once (a replica just started) waits for that first read before
     * it is routed. Still unread after it, the caller hears that the
     * service is starting and to call again; until the first read the
     * plugin's API answers 503 and `/health` reports not ready. Default 5.
     */
    catalogWaitSeconds?: number;
    /**
     * Degraded mode, for a database outage: calls answered from the
     * replica's memory, their alerts written once the database is back.
     */
    degradedMode?: {
      /** Default true. */
      enabled?: boolean;
      /**
       * How long, in seconds, the voice webhook waits for the database
       * before it answers from memory. Default 2.
       */
      databaseTimeoutSeconds?: number;
      /** How often, in seconds, kept alerts are written again. Default 5. */
      retrySeconds?: number;
    };
    /**
     * How long, in seconds, a call may go without news of its caller
     * before the sweep asks Twilio's REST API whether the caller is still
     * there (a lost status callback, a number without one); a caller who
     * is gone ends the call. Default 300.
     */
    reconcileAfterSeconds?: number;
    /**
     * Caps on the phone numbers held (bought or attached): a save that
     * would add a number past one is refused with 409 and buys nothing.
     */
    numbers?: {
      /** The most numbers one team's integration may hold. Default 5. */
      maxPerTeam?: number;
      /** The most numbers all teams together may hold. Default 50. */
      maxTotal?: number;
    };
    /**
     * The prices usage estimates are made with (`GET /usage`), in US
     * dollars with whole cents. Estimates, not Twilio's bill: taxes,
     * inbound minutes and Twilio's own rounding are left out.
     */
    pricing?: {
      /** A number's monthly fee. Default 10. */
      numberMonthly?: number;
      /** A minute forwarded to a US or Canadian number. Default 0.10. */
      domesticMinute?: number;
      /** A minute forwarded to any other number. Default 0.35. */
      internationalMinute?: number;
      /**
       * How many of the organisation's numbers cost no monthly fee (the
       * first by their digits). Default 0.
       */
      freeNumbers?: number;
    };
    /**
     * The notifications outbox (see the README's Notifications): how each
     * replica sends the due notifications of calls.
     */
    notifications?: {
      /** How often each replica looks for due notifications, in seconds. Default 5. */
      pollIntervalSeconds?: number;
      /** Notifications claimed at a time. Default 50. */
      batchSize?: number;
      /** Attempts before a notification is failed for good (and says so on the timeline). Default 3. */
      maxAttempts?: number;
      /** The wait before the first retry, in seconds; each further one waits twice as long. Default 30. */
      retrySeconds?: number;
      /**
       * How long a replica's claim on a notification holds, in seconds: one
       * that dies while sending loses it then, and another replica sends it
       * (so it may be sent twice). Default 120.
       */
      leaseSeconds?: number;
    };
    /**
     * Forwarding of alert events (Slack, HTTP endpoints, the events
     * service): the outbox's timings. Links to alerts are made from
     * `app.baseUrl`.
     */
    forwarding?: {
      /** How often, in seconds, the outbox task runs. Default 5. */
      pollIntervalSeconds?: number;
      /**
       * Attempts per delivery before it is given up (and counted as failed
       * on the integration). Default 10.
       */
      maxAttempts?: number;
      /** The waits between attempts, which double after each failure. */
      backoff?: {
        /** The wait after the first failed attempt, in seconds. Default 10. */
        initialSeconds?: number;
        /** The longest wait, in seconds. Default 3600. */
        maxSeconds?: number;
      };
      /** How long, in seconds, a receiver has to answer. Default 10. */
      requestTimeoutSeconds?: number;
    };
    /**
     * The public URL Twilio calls the webhooks at, which their signatures
     * are computed over. Default: the plugin's external base URL (from discovery) + `/webhooks`.
     * Set it when Twilio reaches the backend through a proxy or tunnel.
     */
    webhookBaseUrl?: string;
    /**
     * Use the simulated phone network (`@icr/phone-network-sim`) instead of
     * Twilio: the embedded setup's default. Browsers then take calls through
     * the network's API rather than the Twilio Voice JS SDK.
     */
    simulatedNetwork?: boolean;
    /** Audio files uploaded for messages and hold music. */
    audio?: {
      /** The largest upload accepted, in bytes. Default 5242880 (5 MiB). */
      maxUploadBytes?: number;
      /**
       * The secret the links Twilio fetches audio from are signed with.
       * Default: derived from `incomingCall.twilio.authToken`. Set it to
       * keep links valid across a change of auth token.
       * @visibility secret
       */
      signingSecret?: string;
      /**
       * The public URL of the media route, which Twilio fetches audio from.
       * Default: next to the webhooks (`webhookBaseUrl` with its last
       * segment replaced by `media`).
       */
      mediaBaseUrl?: string;
    };
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
      /**
       * Calls the account may place per second (Twilio's default is 1).
       * Responder legs beyond it wait for a slot, across all replicas.
       * Default 1.
       */
      callsPerSecond?: number;
      /**
       * Who SMS notifications go out from: a phone number of the account
       * in E.164 form (e.g. +14155550100), or a Messaging Service SID
       * (`MG…`, sent as `MessagingServiceSid`). Another value stops the
       * backend at start. Unset, every SMS notification fails and says so
       * on the alert's timeline.
       */
      smsFrom?: string;
      /**
       * Browser pickup with the Twilio Voice JS SDK: an API key to sign
       * access tokens with, and a TwiML app whose voice URL is
       * `<webhookBaseUrl>/browser-connect`.
       */
      browser?: {
        apiKeySid: string;
        /** @visibility secret */
        apiKeySecret: string;
        twimlAppSid: string;
      };
    };
  };
}
