import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import type { CallAnalytics } from '@icr/plugin-incoming-call-common';
import {
  incomingCallApiRef,
  type TeamRef,
} from '@icr/plugin-incoming-call-react';
import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { isForbidden } from '../Alert';
import { BarChartWithTable } from './BarChartWithTable';
import { Figures } from './Figures';
import { dayOf, periodOf, type PeriodChoice } from './period';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const PERIOD_LABELS: Record<PeriodChoice['kind'], string> = {
  'last-7-days': 'Last 7 days',
  'last-30-days': 'Last 30 days',
  'this-month': 'This month',
  custom: 'Custom range',
};

function percent(rate: number | null): string {
  return rate === null ? '–' : `${Math.round(rate * 100)}%`;
}

function seconds(value: number | null): string {
  return value === null ? '–' : `${Math.round(value)} s`;
}

function AnalyticsFigures(props: { analytics: CallAnalytics }) {
  const { analytics } = props;
  return (
    <Figures
      label="Call analytics"
      figures={[
        { label: 'Calls', value: String(analytics.calls) },
        {
          label: 'Answer rate',
          value: percent(analytics.answerRate),
          hint: `${analytics.answered} answered`,
        },
        {
          label: 'Time to answer (median)',
          value: seconds(analytics.timeToAnswerSeconds.p50),
        },
        {
          label: 'Time to answer (90th percentile)',
          value: seconds(analytics.timeToAnswerSeconds.p90),
        },
        {
          label: 'Abandoned',
          value: String(analytics.abandoned),
          hint: 'The caller hung up first',
        },
        { label: 'Voicemails', value: String(analytics.voicemails) },
        {
          label: 'Blocked',
          value: String(analytics.blocked),
          hint: 'Refused by the blocklist',
        },
      ]}
    />
  );
}

function ResponderTable(props: { analytics: CallAnalytics }) {
  const { responders } = props.analytics;
  if (responders.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        Nobody was rung in this period.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Responders">
      <TableHead>
        <TableRow>
          <TableCell>Responder</TableCell>
          <TableCell align="right">Rung</TableCell>
          <TableCell align="right">Answered</TableCell>
          <TableCell align="right">Missed</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {responders.map(responder => (
          <TableRow key={responder.userRef}>
            <TableCell title={responder.userRef}>
              {responder.displayName ?? responder.userRef}
            </TableCell>
            <TableCell align="right">{responder.rung}</TableCell>
            <TableCell align="right">{responder.answered}</TableCell>
            <TableCell align="right">{responder.missed}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function PeriodPicker(props: {
  value: PeriodChoice;
  onChange: (choice: PeriodChoice) => void;
}) {
  const { value, onChange } = props;
  const today = dayOf(new Date());
  return (
    <Box display="flex" flexWrap="wrap" alignItems="flex-start" mb={2}>
      <Box width={180} mr={2}>
        <TextField
          id="incoming-call-analytics-period"
          select
          SelectProps={{ native: true }}
          fullWidth
          label="Period"
          value={value.kind}
          onChange={e => {
            const kind = e.target.value as PeriodChoice['kind'];
            onChange(
              kind === 'custom'
                ? { kind, fromDay: today, toDay: today }
                : { kind },
            );
          }}
        >
          {Object.entries(PERIOD_LABELS).map(([kind, label]) => (
            <option key={kind} value={kind}>
              {label}
            </option>
          ))}
        </TextField>
      </Box>
      {value.kind === 'custom' && (
        <>
          <Box mr={2}>
            <TextField
              id="incoming-call-analytics-from"
              type="date"
              label="From"
              InputLabelProps={{ shrink: true }}
              value={value.fromDay}
              onChange={e => onChange({ ...value, fromDay: e.target.value })}
            />
          </Box>
          <TextField
            id="incoming-call-analytics-to"
            type="date"
            label="To (included)"
            InputLabelProps={{ shrink: true }}
            value={value.toDay}
            onChange={e => onChange({ ...value, toDay: e.target.value })}
          />
        </>
      )}
    </Box>
  );
}

/**
 * How a team's hotline (or the organisation's, without `team`) performed
 * over a period: answer rate, time to answer, abandoned calls, voicemails,
 * blocked calls, each responder, and calls by hour of day and weekday in
 * the reader's time zone.
 */
export function AnalyticsCard(props: { team?: TeamRef; who: string }) {
  const { team, who } = props;
  const api = useApi(incomingCallApiRef);
  const [choice, setChoice] = useState<PeriodChoice>({ kind: 'last-30-days' });
  // "Now" moves only when the reader asks, so a re-render does not re-read.
  const [now, setNow] = useState(() => new Date());
  const period = useMemo(() => periodOf(choice, now), [choice, now]);
  const choose = (next: PeriodChoice) => {
    setChoice(next);
    setNow(new Date());
  };
  const timeZone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  const analytics = useAsyncRetry(
    async () =>
      period &&
      api.getAnalytics({ from: period.from, to: period.to, team, timeZone }),
    [api, period, team, timeZone],
  );

  let body;
  if (!period) {
    body = (
      <Alert severity="warning">
        The range ends before it starts: pick a last day on or after the first.
      </Alert>
    );
  } else if (analytics.loading) {
    body = <Progress />;
  } else if (analytics.error && isForbidden(analytics.error)) {
    body = (
      <Alert severity="info">
        Only the members of {who} can see its call analytics.
      </Alert>
    );
  } else if (analytics.error) {
    body = <ResponseErrorPanel error={analytics.error} />;
  } else if (analytics.value) {
    const figures = analytics.value;
    body = (
      <>
        <AnalyticsFigures analytics={figures} />
        <Box mt={2} />
        <Grid container spacing={3}>
          <Grid item xs={12} md={7}>
            <BarChartWithTable
              title="Calls by hour of day"
              categoryLabel="Hour"
              valueLabel="Calls"
              data={figures.byHourOfDay.map((value, hour) => ({
                label: String(hour).padStart(2, '0'),
                value,
              }))}
            />
          </Grid>
          <Grid item xs={12} md={5}>
            <BarChartWithTable
              title="Calls by weekday"
              categoryLabel="Weekday"
              valueLabel="Calls"
              data={figures.byWeekday.map((value, day) => ({
                label: WEEKDAYS[day],
                value,
              }))}
            />
          </Grid>
          <Grid item xs={12}>
            <ResponderTable analytics={figures} />
          </Grid>
        </Grid>
        <Typography variant="caption" color="textSecondary">
          Hours and weekdays in {figures.timeZone}.
        </Typography>
      </>
    );
  }

  return (
    <InfoCard
      title="Call analytics"
      action={
        <IconButton
          aria-label="Refresh call analytics"
          onClick={() => setNow(new Date())}
        >
          <RefreshIcon />
        </IconButton>
      }
    >
      <PeriodPicker value={choice} onChange={choose} />
      {body}
    </InfoCard>
  );
}
