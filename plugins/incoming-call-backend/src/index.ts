/**
 * The incoming call routing backend plugin.
 *
 * @packageDocumentation
 */

export { incomingCallPlugin as default } from './plugin';
