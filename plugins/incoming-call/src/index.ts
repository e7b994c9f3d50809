/**
 * Incoming call routing for Backstage: a Group's routing editor and its call
 * alerts, for the legacy frontend system. The new frontend system uses the
 * `/alpha` entry point. What other plugins build on (the API ref, browser
 * phones, the Incoming calls tab's panels) is in
 * `@icr/plugin-incoming-call-react`.
 *
 * @packageDocumentation
 */

export {
  incomingCallPlugin,
  EntityIncomingCallsContent,
  EntityCallAlertsContent,
  IncomingCallAlertsPage,
} from './plugin';
export { IncomingCallClient } from './api';
export type {
  Alert,
  AlertEvent,
  AlertPage,
  AlertWithTimeline,
  Integration,
  IntegrationConfig,
} from '@icr/plugin-incoming-call-common';
