import { parseEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemSecondaryAction from '@material-ui/core/ListItemSecondaryAction';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type {
  ScheduleOnCall,
  ScheduleOverride,
  ScheduleOverrideInput,
} from '@icr/plugin-incoming-call-common';
import { incomingCallApiRef } from '@icr/plugin-incoming-call-react';
import { serverMessage } from '../../api/serverMessage';
import { TakeOverForm } from './TakeOverForm';

const formatTime = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
}).format;

function windowOf(override: ScheduleOverride): string {
  return `${formatTime(new Date(override.start))} until ${formatTime(
    new Date(override.end),
  )}`;
}

/** What an override takes the place of. */
function replacedBy(override: ScheduleOverride): string {
  return override.layer === undefined
    ? 'In place of the whole schedule'
    : `In place of ${override.layer}`;
}

/**
 * One schedule's coming overrides, each with Delete, and "Take over" to add
 * one. `onChange` follows every change, so who is on call can be re-read.
 */
export function ScheduleOverrideList(props: {
  schedule: Pick<
    ScheduleOnCall,
    'scheduleRef' | 'displayName' | 'timeZone' | 'layers'
  >;
  onChange: () => void;
}) {
  const { schedule, onChange } = props;
  const api = useApi(incomingCallApiRef);
  const { namespace, name } = parseEntityRef(schedule.scheduleRef);
  const overrides = useAsyncRetry(
    () => api.listOverrides({ namespace, name }),
    [api, namespace, name],
  );
  const [taking, setTaking] = useState(false);
  const changed = () => {
    overrides.retry();
    onChange();
  };
  const [deleting, deleteOverride] = useAsyncFn(
    async (id: string) => {
      await api.deleteOverride({ namespace, name }, id);
      changed();
    },
    // `changed` reads the list's state of this render.
    [api, namespace, name, changed],
  );
  const takeOver = async (override: ScheduleOverrideInput) => {
    await api.createOverride({ namespace, name }, override);
    setTaking(false);
    changed();
  };

  let list;
  if (overrides.loading && !overrides.value) {
    list = <Progress />;
  } else if (overrides.error) {
    list = <ResponseErrorPanel error={overrides.error} />;
  } else if (overrides.value?.length === 0) {
    list = (
      <Typography variant="body2" color="textSecondary">
        No overrides coming.
      </Typography>
    );
  } else {
    list = (
      <List
        dense
        disablePadding
        aria-label={`Overrides of ${schedule.displayName}`}
      >
        {overrides.value?.map(override => (
          <ListItem key={override.id}>
            <ListItemText
              primary={
                <EntityDisplayName entityRef={override.userRef} hideIcon />
              }
              secondary={
                <>
                  {windowOf(override)}
                  <br />
                  {replacedBy(override)}
                </>
              }
            />
            <ListItemSecondaryAction>
              <IconButton
                edge="end"
                aria-label={`Delete the override of ${
                  parseEntityRef(override.userRef).name
                }, ${windowOf(override)}`}
                disabled={deleting.loading}
                onClick={() => deleteOverride(override.id)}
              >
                <DeleteIcon />
              </IconButton>
            </ListItemSecondaryAction>
          </ListItem>
        ))}
      </List>
    );
  }

  return (
    <Box mt={2} role="region" aria-label={schedule.displayName}>
      <Typography variant="subtitle1">
        {schedule.displayName} ({schedule.timeZone})
      </Typography>
      {list}
      {deleting.error && (
        <Box mt={1}>
          <Alert severity="error">{serverMessage(deleting.error)}</Alert>
        </Box>
      )}
      {taking ? (
        <TakeOverForm
          scheduleName={schedule.displayName}
          layers={schedule.layers}
          onSubmit={takeOver}
          onCancel={() => setTaking(false)}
        />
      ) : (
        <Box mt={1}>
          <Button variant="outlined" onClick={() => setTaking(true)}>
            Take over
          </Button>
        </Box>
      )}
    </Box>
  );
}
