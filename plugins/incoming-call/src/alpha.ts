/**
 * Incoming call routing for Backstage, for the new frontend system. What
 * other plugins build on (`IncomingCallsPanelBlueprint`,
 * `BrowserPhoneBlueprint`) is in `@icr/plugin-incoming-call-react`.
 *
 * @packageDocumentation
 */

export { incomingCallPlugin as default } from './alpha/incomingCallPlugin';
