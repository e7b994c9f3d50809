import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  type PhoneBehaviour,
  SimulatedPhoneNetwork,
} from '@icr/phone-network-sim';
import type { TestPhoneBehaviour } from '@icr/plugin-phone-network-sim-common';

/** The phone behaviours the test-call API takes, by name. */
export const PHONE_BEHAVIOURS = {
  confirm: { kind: 'answer', press: '1' },
  ring: { kind: 'ring' },
  busy: { kind: 'busy' },
  'voicemail-box': { kind: 'voicemail-box' },
  'no-answer': { kind: 'no-answer' },
} satisfies Record<TestPhoneBehaviour, PhoneBehaviour>;

/**
 * The simulated phone network of this backend, when it is the phone
 * provider: one network per backend process, shared by the incoming-call
 * module (the backend's Twilio REST requests go into it) and the
 * phone-network plugin (test calls are placed on it).
 *
 * @public
 */
export interface SimulatedPhoneNetworkService {
  /**
   * The network; undefined unless `incomingCall.simulatedNetwork` is true,
   * so a production backend neither has one nor serves its API.
   */
  readonly network?: SimulatedPhoneNetwork;
  /** Where the network sends webhooks: the incoming-call plugin's webhook root. */
  readonly webhookBaseUrl: string;
}

/** The key that lets the simulated network run where NODE_ENV is production. */
export const ALLOW_IN_PRODUCTION_KEY =
  'incomingCall.simulatedNetworkAllowInProduction';

/**
 * A production backend on the simulated network would take calls and ring
 * nobody: it does not start, unless the configuration says it may.
 */
function refuseInProduction(config: Config) {
  if (
    process.env.NODE_ENV === 'production' &&
    config.getOptionalBoolean(ALLOW_IN_PRODUCTION_KEY) !== true
  ) {
    throw new Error(
      'The simulated phone network is on (incomingCall.simulatedNetwork: true) and NODE_ENV is production: ' +
        'calls would go nowhere real. Set incomingCall.simulatedNetwork: false for real Twilio, ' +
        `or, to run the simulator in production on purpose, set ${ALLOW_IN_PRODUCTION_KEY}: true.`,
    );
  }
}

/** Where the network sends webhooks: the plugin's public webhook root. */
function webhookBaseUrl(config: Config) {
  return (
    config.getOptionalString('incomingCall.webhookBaseUrl') ??
    `${config.getString('backend.baseUrl')}/api/incoming-call/webhooks`
  );
}

/** @public */
export const simulatedPhoneNetworkServiceRef =
  createServiceRef<SimulatedPhoneNetworkService>({
    id: 'phone-network.simulated-network',
    // Root scope: the incoming-call module and the phone-network plugin
    // must see the same network.
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.rootLogger,
        },
        factory({ config, logger }) {
          const base = webhookBaseUrl(config);
          if (
            config.getOptionalBoolean('incomingCall.simulatedNetwork') !== true
          ) {
            return { webhookBaseUrl: base };
          }
          refuseInProduction(config);
          logger.warn(
            'The simulated phone network is ON: calls go nowhere real. Every Twilio request of this backend goes into it, ' +
              'and no real phone rings (incomingCall.simulatedNetwork: true).',
          );
          const network = new SimulatedPhoneNetwork({
            accountSid: config.getString('incomingCall.twilio.accountSid'),
            authToken: config.getString('incomingCall.twilio.authToken'),
            // Every number of the network rings this backend.
            defaultNumber: {
              voiceUrl: `${base}/voice`,
              statusCallback: `${base}/call-status`,
            },
            // Responders pick up and confirm, unless told otherwise.
            defaultPhone: PHONE_BEHAVIOURS.confirm,
            // The backend keeps its calls across restarts (the embedded
            // setup's SQLite files): SIDs from the time (a thousand a
            // millisecond) never repeat those of an earlier start.
            firstSid: Date.now() * 1000,
          });
          // The backend's SMS sender is a number of the simulated account,
          // as it would be bought on Twilio; a call to it rings the backend.
          const smsFrom = config.getOptionalString(
            'incomingCall.twilio.smsFrom',
          );
          if (smsFrom?.startsWith('+')) {
            network.addNumber(smsFrom, {
              voiceUrl: `${base}/voice`,
              statusCallback: `${base}/call-status`,
            });
          }
          return { network, webhookBaseUrl: base };
        },
      }),
  });
