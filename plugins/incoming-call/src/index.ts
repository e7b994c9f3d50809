/**
 * Incoming call routing for Backstage: a Group's routing editor and its call
 * alerts, for the legacy frontend system. The new frontend system uses the
 * `/alpha` entry point.
 *
 * @packageDocumentation
 */

export {
  incomingCallPlugin,
  EntityIncomingCallsContent,
  EntityCallAlertsContent,
} from './plugin';
export {
  IncomingCallClient,
  incomingCallApiRef,
  type AlertListOptions,
  type IncomingCallApi,
  type TeamRef,
} from './api';
export * from './browserPhones';
export {
  useIncomingCallsTab,
  type IncomingCallsTab,
} from './components/IncomingCallsContent';
export type {
  Alert,
  AlertEvent,
  AlertPage,
  AlertWithTimeline,
  Integration,
  IntegrationConfig,
} from '@icr/plugin-incoming-call-common';
