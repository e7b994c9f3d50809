import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { PolicyDecision } from '@backstage/plugin-permission-common';
import type { ConditionTransformer } from '@backstage/plugin-permission-node';
import type {
  AlertQuery,
  AlertResource,
  TeamResource,
} from '@icr/plugin-incoming-call-node';
import express from 'express';
import Router from 'express-promise-router';
import type { AlertStore } from '../database/AlertStore';
import type { AudioStore } from '../database/AudioStore';
import type { CallStore } from '../database/CallStore';
import type { IntegrationStore } from '../database/IntegrationStore';
import type { OverrideStore } from '../database/OverrideStore';
import type { Clock } from '../lib/clock';
import type { AlertService } from '../services/alerts/AlertService';
import type { CatalogReader } from '../services/CatalogReader';
import type { RosterService } from '../services/RosterService';
import type { VoicemailService } from '../services/voicemail/VoicemailService';
import { addAlertRoutes } from './alertRoutes';
import { addAudioRoutes } from './audioRoutes';
import { addIntegrationRoutes } from './integrationRoutes';
import { addPickupRoutes, type BrowserPickupProvider } from './pickupRoutes';
import { createRouteHelpers } from './routeHelpers';
import { addRosterRoutes } from './rosterRoutes';
import { addVoicemailRoutes } from './voicemailRoutes';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogReader;
  integrations: IntegrationStore;
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
  /** Applies a (possibly conditional) decision to a team. */
  isAllowedForTeam: (
    decision: PolicyDecision,
    team: TeamResource | undefined,
  ) => boolean;
  /** Alerts as people see and handle them. */
  alertService: AlertService;
  /** Turns a policy's conditions on alerts into the rules' queries. */
  toAlertQuery: ConditionTransformer<AlertQuery>;
  /** Applies a (possibly conditional) decision to an alert. */
  isAllowedForAlert: (
    decision: PolicyDecision,
    alert: AlertResource | undefined,
  ) => boolean;
  clock: Clock;
}

/** The authenticated API the frontend uses. */
export function createRouter(options: RouterOptions) {
  const router = Router();
  router.use(express.json({ limit: '1mb' }));
  const helpers = createRouteHelpers(options);

  addIntegrationRoutes(router, helpers, options);
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

  return router;
}
