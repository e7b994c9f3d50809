/**
 * The simulated phone network's plugin, for the new frontend system.
 *
 * @packageDocumentation
 */

export { phoneNetworkSimPlugin as default } from './alpha/phoneNetworkSimPlugin';
