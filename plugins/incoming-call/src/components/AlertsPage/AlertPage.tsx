import {
  Content,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import { useLiveAlert } from '../../live/useLiveAlert';
import { alertsRouteRef } from '../../routes';
import {
  AlertBody,
  AlertPriority,
  AlertStatusChip,
  AlertsNotAllowed,
  PersonName,
  formatDuration,
  formatTime,
  isForbidden,
  alertOutcomeLabel,
} from '../Alert';
import { BrowserPickup } from '../BrowserPickup';
import { IncidentCalls } from '../Incident';
import { useAlertLink } from '../Alert/useAlertLink';

function Field(props: { label: string; children: ReactNode }) {
  return (
    <Grid item xs={6} md={3}>
      <Typography variant="caption" color="textSecondary" component="div">
        {props.label}
      </Typography>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </Grid>
  );
}

/**
 * One alert's own page: what the call was, taking it in the browser while
 * the caller waits, the actions, the voicemail and the timeline, all kept
 * up to date as the call goes on.
 */
export function AlertPage() {
  const { id = '' } = useParams();
  const alertsLink = useRouteRef(alertsRouteRef);
  const { alert, error, loading, reload } = useLiveAlert(id);
  const alertLink = useAlertLink();

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error && isForbidden(error)) {
    body = (
      <AlertsNotAllowed who="Only members of the alert's team (and of the groups above it) and the call's responders can see it." />
    );
  } else if (error || !alert) {
    body = <ResponseErrorPanel error={error ?? new Error('No such alert')} />;
  } else {
    body = (
      <InfoCard title={alert.title ?? `Call from ${alert.callerNumber}`}>
        <Grid container spacing={2}>
          <Field label="Time">{formatTime(alert.createdAt)}</Field>
          <Field label="Team">
            <PersonName entityRef={alert.teamRef} name={alert.teamName} />
          </Field>
          <Field label="Number dialled">{alert.dialledNumber}</Field>
          <Field label="Priority">
            <AlertPriority alert={alert} />
          </Field>
          <Field label="Alert rule">{alert.alertRule ?? '—'}</Field>
          <Field label="Status">
            <AlertStatusChip status={alert.status} />
          </Field>
          <Field label="Outcome">{alertOutcomeLabel(alert)}</Field>
          <Field label="Answered by">
            {alert.answeredBy ? (
              <PersonName
                entityRef={alert.answeredBy}
                name={alert.answeredByName}
              />
            ) : (
              '—'
            )}
          </Field>
          <Field label="Duration">
            {formatDuration(alert.durationSeconds)}
          </Field>
          {alert.parentAlertId && alertLink && (
            <Field label="Incident">
              <Link to={alertLink(alert.parentAlertId)}>
                Grouped under an incident
              </Link>
            </Field>
          )}
        </Grid>
        {alert.childCount !== undefined && (
          <IncidentCalls
            parentAlertId={alert.id}
            teamRef={alert.teamRef}
            childCount={alert.childCount}
          />
        )}
        <BrowserPickup alert={alert} onAlertChange={() => reload()} />
        <AlertBody alert={alert} onChanged={() => reload()} />
      </InfoCard>
    );
  }
  return (
    <Content>
      <Typography variant="body2" paragraph>
        <Link to={alertsLink()}>All call alerts</Link>
      </Typography>
      {body}
    </Content>
  );
}
