import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import MuiAlert from '@material-ui/lab/Alert';
import type { Alert } from '@icr/plugin-incoming-call-common';
import {
  type AlertActionResult,
  type IncomingCallApi,
  incomingCallApiRef,
} from '@icr/plugin-incoming-call-react';
import { type FormEvent, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { serverMessage } from '../../api/serverMessage';
import { isForbidden } from './forbidden';

type Action = 'acknowledge' | 'close' | 'reopen';

const ACTIONS: Record<
  Action,
  {
    label: string;
    run: (api: IncomingCallApi, id: string) => Promise<AlertActionResult>;
  }
> = {
  acknowledge: {
    label: 'Acknowledge',
    run: (api, id) => api.acknowledgeAlert(id),
  },
  close: { label: 'Close', run: (api, id) => api.closeAlert(id) },
  reopen: { label: 'Reopen', run: (api, id) => api.reopenAlert(id) },
};

/** What can be done to an alert in its state. */
const ACTIONS_BY_STATUS: Record<Alert['status'], Action[]> = {
  open: ['acknowledge', 'close'],
  acknowledged: ['close'],
  closed: ['reopen'],
};

const NOTE_MAX_LENGTH = 2000;

/**
 * Acknowledge, close, reopen and annotate an alert in the user's name.
 * `onChanged` gets the alert as the backend has it after each action, also
 * when the action changed nothing because someone else got there first
 * (then a message says so).
 */
export function AlertActions(props: {
  alert: Alert;
  onChanged: (alert: Alert) => void;
}) {
  const { alert, onChanged } = props;
  const api = useApi(incomingCallApiRef);
  const [note, setNote] = useState('');

  const [action, runAction] = useAsyncFn(
    async (name: Action) => {
      const result = await ACTIONS[name].run(api, alert.id);
      onChanged(result.alert);
      return result.unchanged;
    },
    [api, alert.id, onChanged],
  );

  const [noteAdded, addNote] = useAsyncFn(async () => {
    await api.addAlertNote(alert.id, note.trim());
    setNote('');
    onChanged(alert);
  }, [api, alert, note, onChanged]);

  const busy = action.loading || noteAdded.loading;
  const failure = action.error ?? noteAdded.error;
  const submitNote = (event: FormEvent) => {
    event.preventDefault();
    addNote();
  };

  return (
    <Box mb={2}>
      <Box display="flex" flexWrap="wrap" gridGap={8} mb={1}>
        {ACTIONS_BY_STATUS[alert.status].map(name => (
          <Button
            key={name}
            variant="outlined"
            color={name === 'acknowledge' ? 'primary' : 'default'}
            disabled={busy}
            onClick={() => runAction(name)}
          >
            {ACTIONS[name].label}
          </Button>
        ))}
      </Box>
      <form onSubmit={submitNote}>
        <Box display="flex" alignItems="flex-start" gridGap={8}>
          <TextField
            id={`alert-${alert.id}-note`}
            label="Note"
            value={note}
            onChange={event => setNote(event.target.value)}
            inputProps={{ maxLength: NOTE_MAX_LENGTH }}
            size="small"
            variant="outlined"
            fullWidth
            multiline
          />
          <Button
            type="submit"
            variant="outlined"
            disabled={busy || note.trim() === ''}
          >
            Add note
          </Button>
        </Box>
      </form>
      {action.value && (
        <Box mt={1}>
          <MuiAlert severity="info">{action.value}</MuiAlert>
        </Box>
      )}
      {failure && (
        <Box mt={1}>
          <MuiAlert severity={isForbidden(failure) ? 'warning' : 'error'}>
            {isForbidden(failure)
              ? `Only members of the alert's team and the call's responders can change it. ${serverMessage(
                  failure,
                )}`
              : serverMessage(failure)}
          </MuiAlert>
        </Box>
      )}
    </Box>
  );
}
