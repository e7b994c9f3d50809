import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import CallEndIcon from '@material-ui/icons/CallEnd';
import MuiAlert from '@material-ui/lab/Alert';
import { useEffect, useRef } from 'react';
import { serverMessage } from '../../api/serverMessage';
import { useBrowserPickup } from '../BrowserPickup/useBrowserPickup';

/**
 * The call with the caller taken from the line, in this browser: placed on
 * mount with the alert's browser pickup, followed until it ends.
 */
export function LineBrowserCall(props: {
  alertId: string;
  callerNumber: string;
  /** The call connected or ended: the line moved on. */
  onChange: () => void;
}) {
  const { alertId, callerNumber, onChange } = props;
  const { state, error, take, hangUp } = useBrowserPickup(alertId, onChange);
  // Placed once, however often the effects run.
  const placed = useRef(false);
  useEffect(() => {
    if (placed.current) return;
    placed.current = true;
    take();
  }, [take]);

  const phase = state?.phase;
  return (
    <Box mb={2}>
      <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={16}>
        {phase && (
          <Typography variant="body2" role="status">
            {phase === 'connecting' && `Connecting you to ${callerNumber}…`}
            {phase === 'connected' && `Connected to ${callerNumber}`}
            {phase === 'ended' && `Your call with ${callerNumber} ended`}
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
      {error && (
        <Box mt={1}>
          <MuiAlert severity="error">{serverMessage(error)}</MuiAlert>
        </Box>
      )}
    </Box>
  );
}
