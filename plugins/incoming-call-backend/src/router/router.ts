import express from 'express';
import Router from 'express-promise-router';
import type { AlertStore } from '../database/AlertStore';
import type { AudioStore } from '../database/AudioStore';
import type { CallStore } from '../database/CallStore';
import type { OverrideStore } from '../database/OverrideStore';
import type { Clock } from '../lib/clock';
import type { RosterService } from '../services/RosterService';
import type { VoicemailService } from '../services/voicemail/VoicemailService';
import { addAlertRoutes } from './alertRoutes';
import { addAudioRoutes } from './audioRoutes';
import { addIntegrationRoutes } from './integrationRoutes';
import type { NumberProvisioning } from '../services/numbers/NumberProvisioning';
import { addNumberRoutes, createNumberAuthorizer } from './numberRoutes';
import { addForwardingRoutes } from './forwardingRoutes';
import type { AlertForwarder } from '../services/forwarding/AlertForwarder';
import { addPickupRoutes, type BrowserPickupProvider } from './pickupRoutes';
import { createRouteHelpers, type RouteHelperDeps } from './routeHelpers';
import { addRosterRoutes } from './rosterRoutes';
import { addVoicemailRoutes } from './voicemailRoutes';
import type { UsageService } from '../services/usage/UsageService';
import { addUsageRoutes } from './usageRoutes';
import type { StatusMessageStore } from '../database/StatusMessageStore';
import type { IncidentService } from '../services/incidents/IncidentService';
import { addStatusMessageRoutes } from './statusMessageRoutes';
import type { LineStore } from '../database/LineStore';
import { addLineRoutes, type LineAvailabilityControl } from './lineRoutes';

export interface RouterOptions extends RouteHelperDeps {
  alerts: AlertStore;
  overrides: OverrideStore;
  calls: CallStore;
  roster: RosterService;
  browserPickup: BrowserPickupProvider;
  audio: AudioStore;
  /** Voicemails: their recordings, fetched from Twilio for the player. */
  voicemail: VoicemailService;
  /** The size limit of an audio upload (`incomingCall.audio.maxUploadBytes`). */
  maxAudioUploadBytes: number;
  /** Buying, attaching and releasing phone numbers. */
  provisioning: NumberProvisioning;
  /** Forwarding of alert events: how each destination's deliveries go. */
  forwarder: AlertForwarder;
  clock: Clock;
  /** Usage, estimated cost and call analytics. */
  usage: UsageService;
  /** Outage mode: the teams' status messages and open incidents. */
  statusMessages: StatusMessageStore;
  incidents: IncidentService;
  /** Outage mode: the line of waiting callers. */
  line: LineStore;
  /** Responders stopping and resuming taking calls; absent without Twilio. */
  lineService?: LineAvailabilityControl;
}

/** The authenticated API the frontend uses. */
export function createRouter(options: RouterOptions) {
  const router = Router();
  router.use(express.json({ limit: '1mb' }));
  const helpers = createRouteHelpers(options);

  const numbers = {
    ...options,
    authorizeNumbers: createNumberAuthorizer(options),
  };
  addIntegrationRoutes(router, helpers, numbers);
  addNumberRoutes(router, helpers, numbers);
  addForwardingRoutes(router, helpers, options);
  addAlertRoutes(router, helpers, options);
  addRosterRoutes(router, helpers, options);
  addAudioRoutes(router, helpers, {
    ...options,
    maxUploadBytes: options.maxAudioUploadBytes,
  });
  addVoicemailRoutes(router, {
    voicemail: options.voicemail,
    // The same check as GET /alerts/:id: incoming-call.alert.read on it.
    authorizeAlertRead: async (req, alertId) => {
      await helpers.authorizeAlert(req, alertId, 'read');
    },
  });
  addPickupRoutes(router, helpers, {
    ...options,
    provider: options.browserPickup,
  });
  addUsageRoutes(router, options);
  addStatusMessageRoutes(router, helpers, options);
  addLineRoutes(router, helpers, options);

  return router;
}
