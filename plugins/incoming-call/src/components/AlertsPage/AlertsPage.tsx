import {
  Content,
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { incomingCallApiRef } from '@icr/plugin-incoming-call-react';
import { type ReactNode, useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useDebounce from 'react-use/esm/useDebounce';
import { useLiveAlertList } from '../../live/useLiveAlertList';
import { AlertsNotAllowed, isForbidden } from '../Alert';
import { UsageAndAnalytics } from '../Usage';
import { MyTeamsIncidentBanners } from '../Incident';
import { LinePanel } from '../Line';
import {
  AlertFilters,
  type AlertFilterValues,
  NO_FILTERS,
} from './AlertFilters';
import { AlertsTable } from './AlertsTable';
import { searchOptionsOf } from './searchOptions';

const PAGE_SIZE = 25;
/** Typing a team or a number searches once the typing pauses. */
const TYPING_PAUSE_MS = 300;

/**
 * The call alerts of every team the user may read, newest first, filtered,
 * in pages; new calls and changes show up as they happen.
 */
export function AlertsPage() {
  const api = useApi(incomingCallApiRef);
  const [filters, setFilters] = useState<AlertFilterValues>(NO_FILTERS);
  const [searched, setSearched] = useState<AlertFilterValues>(NO_FILTERS);
  useDebounce(() => setSearched(filters), TYPING_PAUSE_MS, [filters]);

  const search = useMemo(() => searchOptionsOf(searched), [searched]);
  const loadPage = useCallback(
    (cursor?: string) =>
      api.searchAlerts({ ...search, limit: PAGE_SIZE, cursor }),
    [api, search],
  );
  const list = useLiveAlertList(loadPage);

  let body;
  if (list.loading) {
    body = <Progress />;
  } else if (list.error && isForbidden(list.error)) {
    body = (
      <AlertsNotAllowed who="Only the members of a team and its calls' responders can see the team's call alerts." />
    );
  } else if (list.error) {
    body = <ResponseErrorPanel error={list.error} />;
  } else if (list.alerts.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No call alerts"
        description={
          searched === NO_FILTERS
            ? "Calls to your teams' numbers show up here as they come in."
            : 'No call matches these filters.'
        }
      />
    );
  } else {
    body = (
      <>
        <AlertsTable alerts={list.alerts} />
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
      </>
    );
  }

  return (
    <Content>
      <OrganisationViews>
        <MyTeamsIncidentBanners />
        <LinePanel />
        <InfoCard title="Call alerts">
          <Box mb={2}>
            <AlertFilters value={filters} onChange={setFilters} />
          </Box>
          {body}
        </InfoCard>
      </OrganisationViews>
    </Content>
  );
}

/**
 * The page's two views of the organisation: its call alerts (`alerts`),
 * or its usage, cost and call analytics (`?view=usage`, a link to share).
 */
function OrganisationViews(props: { children: ReactNode }) {
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'usage' ? 'usage' : 'alerts';
  return (
    <>
      <Box mb={2}>
        <Tabs
          value={view}
          onChange={(_event, next) =>
            setParams(next === 'usage' ? { view: 'usage' } : {})
          }
          indicatorColor="primary"
          aria-label="What the page shows"
        >
          <Tab value="alerts" label="Alerts" />
          <Tab value="usage" label="Usage and analytics" />
        </Tabs>
      </Box>
      {view === 'usage' ? (
        <UsageAndAnalytics who="the organisation" />
      ) : (
        props.children
      )}
    </>
  );
}
