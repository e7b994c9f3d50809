import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import type { Alert } from '@icr/plugin-incoming-call-common';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { incomingCallApiRef } from '@icr/plugin-incoming-call-react';
import { teamOfEntity } from '../../team/teamOfEntity';
import { AlertRow } from './AlertRow';
import { CallAlertsEmptyState } from './CallAlertsEmptyState';

const PAGE_SIZE = 20;

/**
 * The "Call alerts" tab of a Group: the team's calls, newest first, each with
 * its timeline.
 */
export function CallAlertsContent() {
  const { entity } = useEntity();
  const api = useApi(incomingCallApiRef);
  const team = useMemo(() => teamOfEntity(entity), [entity]);
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [nextCursor, setNextCursor] = useState<string>();

  const firstPage = useAsync(async () => {
    const page = await api.listAlerts(team, { limit: PAGE_SIZE });
    setAlerts(page.items);
    setNextCursor(page.nextCursor);
  }, [api, team]);

  const replaceAlert = (changed: Alert) =>
    setAlerts(previous =>
      previous.map(alert => (alert.id === changed.id ? changed : alert)),
    );

  const [morePage, loadMore] = useAsyncFn(async () => {
    const page = await api.listAlerts(team, {
      limit: PAGE_SIZE,
      cursor: nextCursor,
    });
    setAlerts(previous => [...previous, ...page.items]);
    setNextCursor(page.nextCursor);
  }, [api, team, nextCursor]);

  if (firstPage.loading) {
    return <Progress />;
  }
  if (firstPage.error) {
    return <ResponseErrorPanel error={firstPage.error} />;
  }
  if (alerts.length === 0) {
    return <CallAlertsEmptyState />;
  }
  return (
    <div>
      {alerts.map(alert => (
        <AlertRow key={alert.id} alert={alert} onChange={replaceAlert} />
      ))}
      {morePage.error && <ResponseErrorPanel error={morePage.error} />}
      {nextCursor && (
        <Box mt={2} display="flex" justifyContent="center">
          <Button
            variant="outlined"
            disabled={morePage.loading}
            onClick={() => loadMore()}
          >
            Load more
          </Button>
        </Box>
      )}
    </div>
  );
}
