import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import type { AlertSignalMessage } from '@icr/plugin-incoming-call-common';
import { incomingCallApiRef } from '@icr/plugin-incoming-call-react';
import { useCallback } from 'react';
import { useLiveAlertList } from '../../live/useLiveAlertList';
import { AlertsTable } from '../AlertsPage/AlertsTable';

const PAGE_SIZE = 20;

/** An incident's page: the calls grouped under it, newest first, live. */
export function IncidentCalls(props: {
  parentAlertId: string;
  teamRef: string;
  childCount: number;
}) {
  const { parentAlertId, teamRef, childCount } = props;
  const api = useApi(incomingCallApiRef);
  const loadPage = useCallback(
    (cursor?: string) =>
      api.searchAlerts({ parent: parentAlertId, limit: PAGE_SIZE, cursor }),
    [api, parentAlertId],
  );
  const follows = useCallback(
    (message: AlertSignalMessage) => message.teamRef === teamRef,
    [teamRef],
  );
  const list = useLiveAlertList(loadPage, follows);
  return (
    <Box mt={2}>
      <Typography variant="h6" component="h2">
        {childCount === 1
          ? '1 call in this incident'
          : `${childCount} calls in this incident`}
      </Typography>
      {list.error ? (
        <ResponseErrorPanel error={list.error} />
      ) : (
        <AlertsTable alerts={list.alerts} />
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
    </Box>
  );
}
