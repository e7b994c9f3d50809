import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
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
import {
  formatCents,
  formatPhoneNumber,
  type Usage,
} from '@icr/plugin-incoming-call-common';
import {
  incomingCallApiRef,
  type TeamRef,
} from '@icr/plugin-incoming-call-react';
import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { isForbidden } from '../Alert';
import { Figures } from './Figures';

const MONTHS_OFFERED = 12;

/** This month and the ones before it, as `YYYY-MM` in UTC (how usage is counted). */
function recentMonths(now: Date): string[] {
  return Array.from({ length: MONTHS_OFFERED }, (_, back) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1))
      .toISOString()
      .slice(0, 7),
  );
}

function monthName(month: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

const minutes = (count: number) => `${count} min`;

function UsageFigures(props: { usage: Usage }) {
  const { totals, pricing } = props.usage;
  return (
    <Figures
      label="Usage"
      figures={[
        { label: 'Calls', value: String(totals.calls) },
        {
          label: 'Minutes to US and Canada',
          value: minutes(totals.minutesDomestic),
          hint: `${formatCents(totals.domesticCostCents)} at ${formatCents(
            pricing.domesticMinuteCents,
          )} a minute`,
        },
        {
          label: 'Minutes international',
          value: minutes(totals.minutesInternational),
          hint: `${formatCents(totals.internationalCostCents)} at ${formatCents(
            pricing.internationalMinuteCents,
          )} a minute`,
        },
        {
          label: 'Numbers held',
          value: String(totals.numbersHeld),
          hint: totals.freeNumbers ? `${totals.freeNumbers} free` : undefined,
        },
        {
          label: 'Number fees',
          value: formatCents(totals.numberFeesCents),
          hint: `${formatCents(pricing.numberMonthlyCents)} a number a month`,
        },
        { label: 'Estimated cost', value: formatCents(totals.estimateCents) },
      ]}
    />
  );
}

function NumberUsageTable(props: { usage: Usage }) {
  const { numbers, scope } = props.usage;
  if (numbers.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No numbers were held or called this month.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Usage by number">
      <TableHead>
        <TableRow>
          <TableCell>Number</TableCell>
          {scope === 'organisation' && <TableCell>Team</TableCell>}
          <TableCell align="right">Calls</TableCell>
          <TableCell align="right">Minutes to US and Canada</TableCell>
          <TableCell align="right">Minutes international</TableCell>
          <TableCell align="right">Monthly fee</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {numbers.map(row => (
          <TableRow key={`${row.teamRef}/${row.number}`}>
            <TableCell>
              {formatPhoneNumber(row.number)}
              {!row.held && ' (released)'}
            </TableCell>
            {scope === 'organisation' && <TableCell>{row.teamRef}</TableCell>}
            <TableCell align="right">{row.calls}</TableCell>
            <TableCell align="right">{row.minutesDomestic}</TableCell>
            <TableCell align="right">{row.minutesInternational}</TableCell>
            <TableCell align="right">
              {formatCents(row.monthlyFeeCents)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * A month's usage and estimated cost of a team's numbers, or of the whole
 * organisation's without `team`: calls, minutes forwarded split US-Canada
 * and international, numbers held and their fees, per number.
 */
export function UsageCard(props: { team?: TeamRef; who: string }) {
  const { team, who } = props;
  const api = useApi(incomingCallApiRef);
  const months = useMemo(() => recentMonths(new Date()), []);
  const [month, setMonth] = useState(months[0]);
  const usage = useAsyncRetry(
    () => api.getUsage({ month, team }),
    [api, month, team],
  );

  let body;
  if (usage.loading) {
    body = <Progress />;
  } else if (usage.error && isForbidden(usage.error)) {
    body = (
      <Alert severity="info">
        Only the members of {who} can see its usage and cost.
      </Alert>
    );
  } else if (usage.error) {
    body = <ResponseErrorPanel error={usage.error} />;
  } else if (usage.value) {
    body = (
      <>
        <UsageFigures usage={usage.value} />
        <Box mt={2}>
          <NumberUsageTable usage={usage.value} />
        </Box>
      </>
    );
  }

  return (
    <InfoCard
      title="Usage and cost"
      subheader="Estimates from the configured prices, not the provider's bill"
      action={
        <IconButton aria-label="Refresh usage" onClick={usage.retry}>
          <RefreshIcon />
        </IconButton>
      }
    >
      <Box mb={2} width={200}>
        <TextField
          id="incoming-call-usage-month"
          select
          SelectProps={{ native: true }}
          fullWidth
          label="Month"
          value={month}
          onChange={e => setMonth(e.target.value)}
        >
          {months.map(option => (
            <option key={option} value={option}>
              {monthName(option)}
            </option>
          ))}
        </TextField>
      </Box>
      {body}
    </InfoCard>
  );
}
