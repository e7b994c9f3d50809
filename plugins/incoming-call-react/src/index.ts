/**
 * Web library of incoming call routing: what other frontend plugins build
 * on. Panels for a Group's Incoming calls tab (`IncomingCallsPanelBlueprint`,
 * `useIncomingCallsTab`), browser phones for other phone providers
 * (`BrowserPhone`, `BrowserPhoneBlueprint`, `browserPhoneApiRef`,
 * `createBrowserPhones`) and the incoming-call plugin's API.
 *
 * @packageDocumentation
 */

export {
  incomingCallApiRef,
  type AlertActionResult,
  type AlertListOptions,
  type AlertSearchOptions,
  type AnalyticsOptions,
  type IncomingCallApi,
  type ScheduleRef,
  type TeamRef,
  type UsageOptions,
} from './api';
export {
  browserPhoneApiRef,
  createBrowserPhones,
  type BrowserCall,
  type BrowserCallPhase,
  type BrowserCallState,
  type BrowserPhone,
  type BrowserPhoneApi,
} from './browserPhones';
export {
  BrowserPhoneBlueprint,
  IncomingCallsPanelBlueprint,
  browserPhoneDataRef,
  type BrowserPhoneProvision,
} from './blueprints';
export {
  IncomingCallsTabProvider,
  useIncomingCallsTab,
  type IncomingCallsTab,
} from './incomingCallsTab';
