import type { RoutingSnapshot } from '@icr/plugin-incoming-call-common';
import type { TeamResource } from '@icr/plugin-incoming-call-node';

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
