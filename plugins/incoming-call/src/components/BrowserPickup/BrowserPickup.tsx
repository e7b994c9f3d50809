import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import CallEndIcon from '@material-ui/icons/CallEnd';
import PhoneInTalkIcon from '@material-ui/icons/PhoneInTalk';
import MuiAlert from '@material-ui/lab/Alert';
import type { Alert } from '@icr/plugin-incoming-call-common';
import type { BrowserCallPhase } from '@icr/plugin-incoming-call-react';
import { serverMessage } from '../../api/serverMessage';
import { callerWaiting } from '../Alert';
import { useBrowserPickup } from './useBrowserPickup';

const PHASE_TEXT: Record<BrowserCallPhase, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  ended: 'Call ended',
};

/**
 * Takes the waiting caller of an open alert in this browser, and shows how
 * that call goes. Renders nothing once the caller no longer waits (someone
 * answered, a voicemail, a hang-up) unless there is a call from here.
 */
export function BrowserPickup(props: {
  alert: Alert;
  onAlertChange: (alert: Alert) => void;
}) {
  const { alert, onAlertChange } = props;
  const { state, error, take, hangUp } = useBrowserPickup(
    alert.id,
    onAlertChange,
  );
  // While nobody has answered, a call from here that ended may be retried.
  const canTake = callerWaiting(alert) && (!state || state.phase === 'ended');
  if (!canTake && !state && !error) {
    return null;
  }
  return (
    <Box px={2} pb={2}>
      <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={16}>
        {canTake && (
          <Button
            variant="outlined"
            color="primary"
            startIcon={<PhoneInTalkIcon />}
            onClick={() => take()}
          >
            Take call in browser
          </Button>
        )}
        {state && (
          <Typography variant="body2" role="status">
            {PHASE_TEXT[state.phase]}
          </Typography>
        )}
        {hangUp && (
          <Button
            variant="contained"
            color="secondary"
            startIcon={<CallEndIcon />}
            onClick={() => hangUp()}
          >
            Hang up
          </Button>
        )}
      </Box>
      {state?.heard?.length ? (
        <List dense disablePadding aria-label="Heard in the browser">
          {state.heard.map((line, index) => (
            <ListItem key={index}>
              <ListItemText primary={line} />
            </ListItem>
          ))}
        </List>
      ) : null}
      {error && (
        <Box mt={1}>
          <MuiAlert severity="error">{serverMessage(error)}</MuiAlert>
        </Box>
      )}
    </Box>
  );
}
