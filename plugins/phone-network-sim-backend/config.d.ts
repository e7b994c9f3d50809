export interface Config {
  incomingCall?: {
    /**
     * Lets the simulated phone network (`incomingCall.simulatedNetwork:
     * true`) run in a backend whose NODE_ENV is production. Without it such
     * a backend refuses to start, since its calls would ring no real phone.
     * Default false.
     */
    simulatedNetworkAllowInProduction?: boolean;
  };
}
