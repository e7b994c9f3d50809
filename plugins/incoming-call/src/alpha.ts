/**
 * Incoming call routing for Backstage, for the new frontend system.
 *
 * @packageDocumentation
 */

export { incomingCallPlugin as default } from './alpha/incomingCallPlugin';
export {
  BrowserPhoneBlueprint,
  IncomingCallsPanelBlueprint,
  browserPhoneDataRef,
  type BrowserPhoneProvision,
} from './alpha/blueprints';
