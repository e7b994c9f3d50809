export interface Config {
  /** Incoming call routing. */
  incomingCall?: {
    /**
     * How often, in seconds, each backend replica re-reads users, groups,
     * schedules and escalations from the catalog. Default 60.
     */
    catalogRefreshSeconds?: number;
  };
}
