import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import {
  ALERT_OUTCOMES,
  ALERT_STATUSES,
  type AlertOutcome,
  type AlertStatus,
} from '@icr/plugin-incoming-call-common';
import { outcomeLabel } from '../Alert';

/** The Alerts page's filters as the user typed them. */
export interface AlertFilterValues {
  /** A team's name or entity ref (`platform`, `group:default/platform`). */
  team: string;
  status: AlertStatus | '';
  outcome: AlertOutcome | '';
  /** `datetime-local` values, in the reader's time zone. */
  from: string;
  to: string;
  /** A caller's number or the start of one. */
  caller: string;
}

export const NO_FILTERS: AlertFilterValues = {
  team: '',
  status: '',
  outcome: '',
  from: '',
  to: '',
  caller: '',
};

/** Outcomes to filter by: every one but a call still going on. */
const FILTER_OUTCOMES = ALERT_OUTCOMES.filter(outcome => outcome !== 'pending');

export function AlertFilters(props: {
  value: AlertFilterValues;
  onChange: (value: AlertFilterValues) => void;
}) {
  const { value, onChange } = props;
  const set =
    <K extends keyof AlertFilterValues>(key: K) =>
    (event: { target: { value: string } }) =>
      onChange({ ...value, [key]: event.target.value as AlertFilterValues[K] });
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} sm={6} md={2}>
        <TextField
          id="alert-filter-team"
          label="Team"
          placeholder="platform"
          value={value.team}
          onChange={set('team')}
          fullWidth
        />
      </Grid>
      <Grid item xs={6} md={2}>
        <TextField
          select
          id="alert-filter-status"
          label="Status"
          value={value.status}
          onChange={set('status')}
          fullWidth
        >
          <MenuItem value="">Any</MenuItem>
          {ALERT_STATUSES.map(status => (
            <MenuItem key={status} value={status}>
              {status}
            </MenuItem>
          ))}
        </TextField>
      </Grid>
      <Grid item xs={6} md={2}>
        <TextField
          select
          id="alert-filter-outcome"
          label="Outcome"
          value={value.outcome}
          onChange={set('outcome')}
          fullWidth
        >
          <MenuItem value="">Any</MenuItem>
          {FILTER_OUTCOMES.map(outcome => (
            <MenuItem key={outcome} value={outcome}>
              {outcomeLabel(outcome)}
            </MenuItem>
          ))}
        </TextField>
      </Grid>
      <Grid item xs={6} md={2}>
        <TextField
          id="alert-filter-from"
          label="From"
          type="datetime-local"
          value={value.from}
          onChange={set('from')}
          InputLabelProps={{ shrink: true }}
          fullWidth
        />
      </Grid>
      <Grid item xs={6} md={2}>
        <TextField
          id="alert-filter-to"
          label="To"
          type="datetime-local"
          value={value.to}
          onChange={set('to')}
          InputLabelProps={{ shrink: true }}
          fullWidth
        />
      </Grid>
      <Grid item xs={12} sm={6} md={2}>
        <TextField
          id="alert-filter-caller"
          label="Caller"
          placeholder="+4930"
          value={value.caller}
          onChange={set('caller')}
          fullWidth
        />
      </Grid>
    </Grid>
  );
}
