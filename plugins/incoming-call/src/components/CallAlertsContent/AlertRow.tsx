import { Link } from '@backstage/core-components';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import type { Alert } from '@icr/plugin-incoming-call-common';
import { useState, type ReactNode } from 'react';
import {
  AlertCaller,
  AlertPriority,
  AlertStatusChip,
  PersonName,
  formatDuration,
  formatTime,
  alertOutcomeLabel,
  useAlertLink,
} from '../Alert';
import { BrowserPickup } from '../BrowserPickup';
import { AlertRowDetails } from './AlertRowDetails';

function Cell(props: {
  label: string;
  children: ReactNode;
  xs: 6 | 12;
  md: 1 | 2;
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
 * One call; its details (actions, voicemail, timeline) are fetched only
 * when someone opens it. Taking the call in the browser sits outside the
 * fold, so closing it does not end that call.
 */
export function AlertRow(props: {
  alert: Alert;
  onChange: (alert: Alert) => void;
}) {
  const { alert, onChange } = props;
  const linkTo = useAlertLink();
  // The details are read again when the call from here changes the alert.
  const [detailsRevision, setDetailsRevision] = useState(0);
  const pickupChanged = (latest: Alert) => {
    onChange(latest);
    setDetailsRevision(revision => revision + 1);
  };
  return (
    <Paper>
      <Accordion elevation={0} TransitionProps={{ unmountOnExit: true }}>
        <AccordionSummary
          expandIcon={<ExpandMoreIcon />}
          aria-controls={`call-alert-${alert.id}-details`}
          id={`call-alert-${alert.id}`}
        >
          <Grid container spacing={2} alignItems="center">
            <Cell label="Time" xs={12} md={2}>
              {formatTime(alert.createdAt)}
            </Cell>
            <Cell label="Caller" xs={6} md={2}>
              <AlertCaller alert={alert} />
            </Cell>
            <Cell label="Number dialled" xs={6} md={2}>
              {alert.dialledNumber}
            </Cell>
            <Cell label="Status" xs={6} md={1}>
              <AlertStatusChip status={alert.status} />
            </Cell>
            <Cell label="Outcome" xs={6} md={1}>
              {alertOutcomeLabel(alert)}
            </Cell>
            <Cell label="Priority" xs={6} md={1}>
              <AlertPriority alert={alert} />
            </Cell>
            <Cell label="Answered by" xs={6} md={2}>
              {alert.answeredBy ? (
                <PersonName
                  entityRef={alert.answeredBy}
                  name={alert.answeredByName}
                />
              ) : (
                '—'
              )}
            </Cell>
            <Cell label="Duration" xs={6} md={1}>
              {formatDuration(alert.durationSeconds)}
            </Cell>
          </Grid>
        </AccordionSummary>
        <AccordionDetails id={`call-alert-${alert.id}-details`}>
          <Box width="100%">
            {linkTo && (
              <Typography variant="body2" paragraph>
                <Link to={linkTo(alert.id)}>Open the alert's page</Link>
              </Typography>
            )}
            <AlertRowDetails
              key={detailsRevision}
              alertId={alert.id}
              onAlertChange={onChange}
            />
          </Box>
        </AccordionDetails>
      </Accordion>
      <BrowserPickup alert={alert} onAlertChange={pickupChanged} />
    </Paper>
  );
}
