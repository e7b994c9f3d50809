import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import type { Alert } from '@icr/plugin-incoming-call-common';
import { useState, type ReactNode } from 'react';
import { BrowserPickup } from '../BrowserPickup';
import { AlertStatusChip } from './AlertStatusChip';
import { AlertTimeline } from './AlertTimeline';
import { formatTime } from './formatTime';

function Cell(props: {
  label: string;
  children: ReactNode;
  xs: 6 | 12;
  md: 1 | 2 | 3;
}) {
  return (
    <Grid item xs={props.xs} md={props.md}>
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
 * One call; its timeline is fetched only when someone opens it. Taking the
 * call in the browser sits outside the fold, so closing it does not end
 * that call.
 */
export function AlertRow(props: {
  alert: Alert;
  onChange: (alert: Alert) => void;
}) {
  const { alert, onChange } = props;
  // A new timeline is read when the alert changes from here.
  const [timelineRevision, setTimelineRevision] = useState(0);
  const alertChanged = (latest: Alert) => {
    onChange(latest);
    setTimelineRevision(revision => revision + 1);
  };
  return (
    <Paper>
      <Accordion elevation={0} TransitionProps={{ unmountOnExit: true }}>
        <AccordionSummary
          expandIcon={<ExpandMoreIcon />}
          aria-controls={`call-alert-${alert.id}-timeline`}
          id={`call-alert-${alert.id}`}
        >
          <Grid container spacing={2} alignItems="center">
            <Cell label="Time" xs={12} md={3}>
              {formatTime(alert.createdAt)}
            </Cell>
            <Cell label="Caller" xs={6} md={2}>
              {alert.callerNumber}
            </Cell>
            <Cell label="Number dialled" xs={6} md={2}>
              {alert.dialledNumber}
            </Cell>
            <Cell label="Status" xs={6} md={2}>
              <AlertStatusChip status={alert.status} />
            </Cell>
            <Cell label="Priority" xs={6} md={1}>
              {alert.priority}
            </Cell>
            <Cell label="Acknowledged by" xs={12} md={2}>
              {alert.acknowledgedBy ?? '—'}
            </Cell>
          </Grid>
        </AccordionSummary>
        <AccordionDetails id={`call-alert-${alert.id}-timeline`}>
          <AlertTimeline key={timelineRevision} alertId={alert.id} />
        </AccordionDetails>
      </Accordion>
      <BrowserPickup alert={alert} onAlertChange={alertChanged} />
    </Paper>
  );
}
