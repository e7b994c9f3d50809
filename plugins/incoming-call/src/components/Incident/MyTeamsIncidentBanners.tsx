import { parseEntityRef } from '@backstage/catalog-model';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { IncidentBanner } from './IncidentBanner';
import { useOutageState } from './useOutageState';

/** One team's banner, with its own outage state. */
function TeamBanner(props: { teamRef: string }) {
  const { teamRef } = props;
  const team = useMemo(() => {
    const { namespace, name } = parseEntityRef(teamRef);
    return { namespace, name };
  }, [teamRef]);
  const outage = useOutageState(team, teamRef);
  return <IncidentBanner team={team} outage={outage} />;
}

/**
 * The Alerts page's banners: an incident or a status message of any team
 * the signed-in user belongs to (their identity's Group ownership refs).
 */
export function MyTeamsIncidentBanners() {
  const identity = useApi(identityApiRef);
  const { value: teamRefs = [] } = useAsync(async () => {
    const { ownershipEntityRefs } = await identity.getBackstageIdentity();
    return ownershipEntityRefs.filter(ref => ref.startsWith('group:'));
  }, [identity]);
  return (
    <>
      {teamRefs.map(teamRef => (
        <TeamBanner key={teamRef} teamRef={teamRef} />
      ))}
    </>
  );
}
