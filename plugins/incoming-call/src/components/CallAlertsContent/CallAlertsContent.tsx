import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import type { AlertSignalMessage } from '@icr/plugin-incoming-call-common';
import { incomingCallApiRef } from '@icr/plugin-incoming-call-react';
import { useCallback, useMemo } from 'react';
import { useLiveAlertList } from '../../live/useLiveAlertList';
import { teamOfEntity, teamTitle } from '../../team/teamOfEntity';
import { AlertsNotAllowed, isForbidden } from '../Alert';
import { IncidentBanner, useOutageState } from '../Incident';
import { LinePanel } from '../Line';
import { AlertRow } from './AlertRow';
import { CallAlertsEmptyState } from './CallAlertsEmptyState';

const PAGE_SIZE = 20;

/**
 * The "Call alerts" tab of a Group: the team's calls, newest first, each with
 * its timeline; new calls and changes show up as they happen.
 */
export function CallAlertsContent() {
  const { entity } = useEntity();
  const api = useApi(incomingCallApiRef);
  const team = useMemo(() => teamOfEntity(entity), [entity]);
  const teamRef = useMemo(
    () => stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
    [entity],
  );

  const loadPage = useCallback(
    (cursor?: string) =>
      api.listAlerts(
        team,
        cursor ? { limit: PAGE_SIZE, cursor } : { limit: PAGE_SIZE },
      ),
    [api, team],
  );
  const follows = useCallback(
    (message: AlertSignalMessage) =>
      message.teamRef.toLocaleLowerCase('en-US') === teamRef,
    [teamRef],
  );
  const list = useLiveAlertList(loadPage, follows);
  // Outage mode: the open incident and the status message callers hear.
  const outage = useOutageState(team, teamRef);

  if (list.loading) {
    return <Progress />;
  }
  if (list.error && isForbidden(list.error)) {
    return (
      <AlertsNotAllowed
        who={`Only members of ${teamTitle(
          entity,
        )} (and of the groups above it) and the responders its calls ring can see its call alerts.`}
      />
    );
  }
  if (list.error) {
    return <ResponseErrorPanel error={list.error} />;
  }
  if (list.alerts.length === 0) {
    return <CallAlertsEmptyState />;
  }
  return (
    <div>
      <IncidentBanner team={team} outage={outage} />
      <LinePanel team={team} />
      {list.alerts.map(alert => (
        <AlertRow key={alert.id} alert={alert} onChange={list.replace} />
      ))}
      {list.morePage.error && (
        <ResponseErrorPanel error={list.morePage.error} />
      )}
      {list.nextCursor && (
        <Box mt={2} display="flex" justifyContent="center">
          <Button
            variant="outlined"
            disabled={list.morePage.loading}
            onClick={() => list.loadMore()}
          >
            Load more
          </Button>
        </Box>
      )}
    </div>
  );
}
