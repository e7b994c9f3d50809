/**
 * Catalog module for incoming call routing: the Schedule and Escalation
 * kinds and checks of the routing annotations on users and groups.
 *
 * @packageDocumentation
 */

export { catalogModuleIncomingCall as default } from './module';
export { RoutingEntitiesProcessor } from './RoutingEntitiesProcessor';
