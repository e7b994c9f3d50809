import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  defaultIntegrationConfig,
  incomingCallRoutingUpdatePermission,
  type Integration,
} from '@icr/plugin-incoming-call-common';
import Box from '@material-ui/core/Box';
import { type ReactNode, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  IncomingCallsTabProvider,
  incomingCallApiRef,
} from '@icr/plugin-incoming-call-react';
import { teamOfEntity, teamTitle } from '../../team/teamOfEntity';
import { OnCallPreview } from '../OnCallPreview';
import { UsageAndAnalytics } from '../Usage';
import { IntegrationEditor } from './IntegrationEditor';
import { IncidentBanner, StatusMessageCard, useOutageState } from '../Incident';

/**
 * The "Incoming calls" tab of a Group: who a call would ring, the panels
 * other plugins add (a test call where the phone network is simulated),
 * the month's usage and the call analytics, then the team's call routing,
 * editable by those allowed to change it.
 */
export function IncomingCallsContent(props: { panels?: ReactNode }) {
  const { panels } = props;
  const { entity } = useEntity();
  const api = useApi(incomingCallApiRef);
  const entityRef = stringifyEntityRef(entity);
  const team = useMemo(() => teamOfEntity(entity), [entity]);
  const title = teamTitle(entity);
  const { allowed } = usePermission({
    permission: incomingCallRoutingUpdatePermission,
    resourceRef: entityRef,
  });
  const {
    value: integration,
    loading,
    error,
  } = useAsync(() => api.getIntegration(team), [api, team]);
  // What changed since the load: the integration saved, or none once deleted.
  const [latest, setLatest] = useState<{ integration?: Integration }>();
  // Previews and panels follow what is saved, not the form being edited.
  const current = latest ? latest.integration : integration;
  // A deletion starts the editor afresh, from the suggested settings.
  const [deletions, setDeletions] = useState(0);
  const tab = useMemo(() => ({ team, integration: current }), [team, current]);
  // Outage mode: the open incident and the status message callers hear.
  const outage = useOutageState(team, entityRef);

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  return (
    <>
      <IncidentBanner team={team} outage={outage} />
      <Box mb={3}>
        <OnCallPreview
          team={team}
          teamTitle={title}
          savedAt={current?.updatedAt}
        />
      </Box>
      <IncomingCallsTabProvider value={tab}>{panels}</IncomingCallsTabProvider>
      <Box mb={3}>
        <StatusMessageCard
          team={team}
          canEdit={allowed}
          statusMessage={outage.statusMessage}
          onChanged={outage.reload}
        />
      </Box>
      <Box mb={3}>
        <UsageAndAnalytics team={team} who={title} />
      </Box>
      <IntegrationEditor
        key={`${integration?.id ?? 'new'}/${deletions}`}
        team={team}
        teamTitle={title}
        integration={current}
        // The team itself is the recipient a new integration starts with: it
        // routes to whoever the team has on call.
        draft={defaultIntegrationConfig({ ref: entityRef, title })}
        canEdit={allowed}
        onSaved={saved => setLatest({ integration: saved })}
        onDeleted={() => {
          setLatest({});
          setDeletions(count => count + 1);
        }}
      />
    </>
  );
}
