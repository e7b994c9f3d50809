import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  formatPhoneNumber,
  type Integration,
} from '@icr/plugin-incoming-call-common';
import {
  incomingCallApiRef,
  type TeamRef,
} from '@icr/plugin-incoming-call-react';
import { useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { flagOf, numberErrorText } from './phoneNumberText';

function NumberList(props: {
  label: string;
  numbers: Integration['config']['numbers'];
}) {
  const { label, numbers } = props;
  return (
    <List dense aria-label={label}>
      {numbers.map(entry => (
        <ListItem key={entry.number}>
          <ListItemText
            primary={`${flagOf(entry.country)} ${formatPhoneNumber(
              entry.number,
            )}`}
          />
        </ListItem>
      ))}
    </List>
  );
}

/**
 * Deletes the stored integration after a confirmation that says what
 * happens to its numbers: the bought ones are released (and no longer
 * billed), the attached ones get their previous settings back.
 */
export function DeleteIntegration(props: {
  team: TeamRef;
  teamTitle: string;
  integration: Integration;
  disabled: boolean;
  onDeleted: () => void;
}) {
  const { team, teamTitle, integration, disabled, onDeleted } = props;
  const api = useApi(incomingCallApiRef);
  const [open, setOpen] = useState(false);
  const [deletion, deleteIntegration] = useAsyncFn(async () => {
    await api.deleteIntegration(team);
    setOpen(false);
    onDeleted();
  }, [api, team, onDeleted]);
  const { numbers } = integration.config;
  const released = numbers.filter(entry => entry.source === 'purchased');
  const restored = numbers.filter(entry => entry.source === 'attached');

  return (
    <>
      <Button disabled={disabled} onClick={() => setOpen(true)}>
        Delete integration
      </Button>
      <Dialog
        open={open}
        onClose={() => deletion.loading || setOpen(false)}
        aria-labelledby="incoming-call-delete-title"
      >
        <DialogTitle id="incoming-call-delete-title">
          Delete {integration.config.name}?
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            Calls to {teamTitle}'s numbers stop reaching the team. Its alerts
            stay.
          </DialogContentText>
          {released.length > 0 && (
            <>
              <Typography variant="subtitle2">
                Released (no longer yours, no longer billed)
              </Typography>
              <NumberList label="Numbers released" numbers={released} />
            </>
          )}
          {restored.length > 0 && (
            <>
              <Typography variant="subtitle2">
                Kept in the account, with their previous settings restored
              </Typography>
              <NumberList label="Numbers restored" numbers={restored} />
            </>
          )}
          {deletion.error && (
            <Alert severity="error">{numberErrorText(deletion.error)}</Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button disabled={deletion.loading} onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button
            color="secondary"
            variant="contained"
            disabled={deletion.loading}
            onClick={() => deleteIntegration()}
          >
            Delete
            {released.length > 0 &&
              ` and release ${released.length} number${
                released.length === 1 ? '' : 's'
              }`}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
