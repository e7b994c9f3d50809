import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type {
  ScheduleOnCall,
  TeamOnCall,
} from '@icr/plugin-incoming-call-common';
import { Fragment } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  incomingCallApiRef,
  type TeamRef,
} from '@icr/plugin-incoming-call-react';

function OnDuty(props: { onCall: ScheduleOnCall['onCall'] }) {
  const { onCall } = props;
  if (onCall.length === 0) {
    return <>Nobody is on call</>;
  }
  // Every layer on duty is a party; the source is the layer or an override.
  return (
    <>
      {onCall.map((party, index) => (
        <Fragment key={`${party.source}/${party.participant}`}>
          {index > 0 && ', '}
          <EntityDisplayName entityRef={party.participant} hideIcon /> (
          {party.source})
        </Fragment>
      ))}
    </>
  );
}

function RoutingTarget(props: { onCall: TeamOnCall; teamTitle: string }) {
  const { onCall, teamTitle } = props;
  return (
    <Typography variant="body2">
      {onCall.routingTarget ? (
        <>
          Calls routed to {teamTitle} go to{' '}
          <EntityDisplayName entityRef={onCall.routingTarget} hideIcon />.
        </>
      ) : (
        `${teamTitle} has no routing target, so calls routed to it ring its members.`
      )}
    </Typography>
  );
}

/** The team's schedules with whoever is on duty right now. */
export function WhoIsOnCall(props: { team: TeamRef; teamTitle: string }) {
  const { team, teamTitle } = props;
  const api = useApi(incomingCallApiRef);
  const { value, loading, error } = useAsync(
    () => api.getTeamOnCall(team),
    [api, team],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value) {
    content = (
      <>
        {value.schedules.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            {teamTitle} owns no on-call schedules.
          </Typography>
        ) : (
          <List dense aria-label="On-call schedules">
            {value.schedules.map(schedule => (
              <ListItem key={schedule.scheduleRef} disableGutters>
                <ListItemText
                  primary={`${schedule.displayName} (${schedule.timeZone})`}
                  secondary={<OnDuty onCall={schedule.onCall} />}
                />
              </ListItem>
            ))}
          </List>
        )}
        <RoutingTarget onCall={value} teamTitle={teamTitle} />
      </>
    );
  }
  return <InfoCard title="Who is on call">{content}</InfoCard>;
}
