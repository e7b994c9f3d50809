import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import type { ScheduleOverrideInput } from '@icr/plugin-incoming-call-common';
import { serverMessage } from '../../api/serverMessage';
import {
  errorProps,
  serverFieldErrorsOf,
} from '../IncomingCallsContent/fieldErrors';
import {
  fromLocalDateTime,
  readerTimeZone,
  toLocalDateTime,
} from '../OnCallPreview/localDateTime';
import { type PickedUser, UserPicker } from './UserPicker';

const hour = 60 * 60 * 1000;

/** The next full hour, where a cover usually starts. */
function nextFullHour(): Date {
  return new Date(Math.ceil(Date.now() / hour) * hour);
}

/** The "replaces" choice that stands for the whole schedule. */
const WHOLE_SCHEDULE = '';

/**
 * "Take over" a schedule: me or a chosen user covers it, or one of its
 * layers (rotations), from one time to another, both in the reader's time
 * zone. The server's refusal (someone outside the schedule's owner, a bad
 * window, a layer the schedule no longer has) is shown on the form.
 */
export function TakeOverForm(props: {
  scheduleName: string;
  /** The schedule's layer names, in order; one of them can be taken over. */
  layers: readonly string[];
  onSubmit: (override: ScheduleOverrideInput) => Promise<unknown>;
  onCancel: () => void;
}) {
  const { scheduleName, layers, onSubmit, onCancel } = props;
  const identityApi = useApi(identityApiRef);
  const [who, setWho] = useState<'me' | 'someone'>('me');
  const [user, setUser] = useState<PickedUser | null>(null);
  const [layer, setLayer] = useState(WHOLE_SCHEDULE);
  const [start, setStart] = useState(() => toLocalDateTime(nextFullHour()));
  const [end, setEnd] = useState(() =>
    toLocalDateTime(new Date(nextFullHour().getTime() + 8 * hour)),
  );
  const [saving, save] = useAsyncFn(async () => {
    const userRef =
      who === 'me'
        ? (await identityApi.getBackstageIdentity()).userEntityRef
        : user!.ref;
    await onSubmit({
      userRef,
      start: fromLocalDateTime(start)!.toISOString(),
      end: fromLocalDateTime(end)!.toISOString(),
      ...(layer !== WHOLE_SCHEDULE && { layer }),
    });
  }, [identityApi, who, user, start, end, layer, onSubmit]);

  const serverErrors = serverFieldErrorsOf(saving.error);
  const complete =
    (who === 'me' || user !== null) &&
    fromLocalDateTime(start) !== undefined &&
    fromLocalDateTime(end) !== undefined;
  const zoneHint = `In your time zone, ${readerTimeZone()}`;
  const timeField = (
    id: string,
    label: string,
    value: string,
    onChange: (value: string) => void,
  ) => (
    <TextField
      id={`incoming-call-override-${id}`}
      label={label}
      type="datetime-local"
      fullWidth
      value={value}
      InputLabelProps={{ shrink: true }}
      onChange={e => onChange(e.target.value)}
      {...errorProps(serverErrors, id, zoneHint)}
    />
  );

  return (
    <Box
      component="form"
      mt={1}
      aria-label={`Take over ${scheduleName}`}
      onSubmit={e => {
        e.preventDefault();
        save();
      }}
    >
      <RadioGroup
        row
        aria-label="Who takes over"
        value={who}
        onChange={e => setWho(e.target.value as 'me' | 'someone')}
      >
        <FormControlLabel value="me" control={<Radio />} label="Me" />
        <FormControlLabel
          value="someone"
          control={<Radio />}
          label="Someone else"
        />
      </RadioGroup>
      <Grid container spacing={2}>
        <Grid item xs={12} md={4}>
          <TextField
            id="incoming-call-override-layer"
            label="Replaces"
            select
            fullWidth
            value={layer}
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
            onChange={e => setLayer(e.target.value)}
            {...errorProps(
              serverErrors,
              'layer',
              layer === WHOLE_SCHEDULE
                ? 'Every layer: the only one on call'
                : 'Only this layer; the others stay on call',
            )}
          >
            <option value={WHOLE_SCHEDULE}>Whole schedule</option>
            {layers.map(name => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </TextField>
        </Grid>
        {who === 'someone' && (
          <Grid item xs={12} md={4}>
            <UserPicker
              value={user}
              onChange={setUser}
              {...errorProps(serverErrors, 'userRef')}
            />
          </Grid>
        )}
        <Grid item xs={12} sm={6} md={4}>
          {timeField('start', 'From', start, setStart)}
        </Grid>
        <Grid item xs={12} sm={6} md={4}>
          {timeField('end', 'Until', end, setEnd)}
        </Grid>
      </Grid>
      {saving.error && Object.keys(serverErrors).length === 0 && (
        <Box mt={2}>
          <Alert severity="error">{serverMessage(saving.error)}</Alert>
        </Box>
      )}
      <Box mt={2} display="flex">
        <Button
          type="submit"
          variant="contained"
          color="primary"
          disabled={!complete || saving.loading}
        >
          Take over
        </Button>
        <Box ml={1}>
          <Button onClick={onCancel}>Cancel</Button>
        </Box>
      </Box>
    </Box>
  );
}
