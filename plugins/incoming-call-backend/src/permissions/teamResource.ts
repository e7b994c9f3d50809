import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import {
  INCOMING_CALL_TEAM_RESOURCE_TYPE,
  type RoutingSnapshot,
} from '@icr/plugin-incoming-call-common';

/**
 * A team as the permission framework sees it: who may act on its routing.
 * Members of the team and of every group above it.
 */
export interface TeamResource {
  ref: string;
  memberRefs: string[];
}

/** Teams are never listed through a permission-filtered query. */
export type TeamQuery = never;

/** @public */
export const teamResourceRef = createPermissionResourceRef<
  TeamResource,
  TeamQuery
>().with({
  pluginId: 'incoming-call',
  resourceType: INCOMING_CALL_TEAM_RESOURCE_TYPE,
});

/** The team and its members, or undefined for a ref that is not a team. */
export function loadTeamResource(
  snapshot: RoutingSnapshot,
  teamRef: string,
): TeamResource | undefined {
  const members = new Set<string>();
  const seen = new Set<string>();
  // Walk up the parents; `seen` guards against a cycle in catalog data.
  for (
    let team = snapshot.teams.get(teamRef);
    team && !seen.has(team.ref);
    team = team.parent ? snapshot.teams.get(team.parent) : undefined
  ) {
    seen.add(team.ref);
    team.members.forEach(m => members.add(m));
  }
  return seen.size > 0 ? { ref: teamRef, memberRefs: [...members] } : undefined;
}
