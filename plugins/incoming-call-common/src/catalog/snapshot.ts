import type { ContactMethod } from './annotations';
import type { EscalationSpec, ScheduleSpec } from './catalogEntities';

/** @public */
export interface RoutingUser {
  ref: string;
  displayName: string;
  /** E.164; absent when the user has no valid phone annotation. */
  phone?: string;
  email?: string;
  contactMethods: ContactMethod[];
  /** Groups the user is a direct member of. */
  memberOf: string[];
}

/** @public */
export interface RoutingTeam {
  ref: string;
  displayName: string;
  parent?: string;
  /** Users whose memberOf names this team. */
  members: string[];
  /** The team's default routing target, when it has one. */
  routingTarget?: string;
}

/** @public */
export interface RoutingSchedule extends ScheduleSpec {
  ref: string;
  displayName: string;
}

/** @public */
export interface RoutingEscalation extends EscalationSpec {
  ref: string;
  displayName: string;
}

/**
 * Everything routing needs from the catalog, indexed by entity ref. Built by
 * the backend's catalog reader; the input of roster resolution.
 *
 * @public
 */
export interface RoutingSnapshot {
  users: Map<string, RoutingUser>;
  teams: Map<string, RoutingTeam>;
  schedules: Map<string, RoutingSchedule>;
  escalations: Map<string, RoutingEscalation>;
}
