import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import {
  incomingCallApiRef,
  type TeamRef,
} from '@icr/plugin-incoming-call-react';
import { useState } from 'react';
import { useAlertLink } from '../Alert/useAlertLink';
import type { OutageState } from './useOutageState';

const calls = (n: number) => {
  if (n === 0) return 'no calls';
  return n === 1 ? '1 call' : `${n} calls`;
};
const minutes = (n: number) => (n === 1 ? 'minute' : `${n} minutes`);

/**
 * Outage mode's banner, on the team's tabs and the Alerts page: each open
 * incident with its calls of the last window and a link to its alert, and
 * the status message callers hear, switched off in one click. Nothing
 * while there is neither.
 */
export function IncidentBanner(props: {
  team: TeamRef;
  /** From `useOutageState`, shared with the status message card. */
  outage: OutageState;
}) {
  const { team, outage } = props;
  const { incidents, statusMessage, reload } = outage;
  const api = useApi(incomingCallApiRef);
  const alertLink = useAlertLink();
  const [switching, setSwitching] = useState(false);
  const [failure, setFailure] = useState<string>();
  const speaking = statusMessage?.enabled ? statusMessage : undefined;
  if (incidents.length === 0 && !speaking) return null;

  const switchOff = async () => {
    setSwitching(true);
    setFailure(undefined);
    try {
      await api.switchOffStatusMessage(team);
      await reload();
    } catch (error) {
      setFailure((error as Error).message);
    } finally {
      setSwitching(false);
    }
  };

  return (
    <Box mb={2} role="region" aria-label="Outage">
      {incidents.map(incident => (
        <Box mb={1} key={incident.parentAlertId}>
          <Alert severity="error">
            Incident in progress: {calls(incident.recentCalls)} in the last{' '}
            {minutes(incident.windowMinutes)} ({calls(incident.childCount)} in
            all) —{' '}
            {alertLink ? (
              <Link to={alertLink(incident.parentAlertId)}>view</Link>
            ) : (
              'open it from the Call alerts tab'
            )}
          </Alert>
        </Box>
      ))}
      <Alert
        severity={speaking ? 'warning' : 'info'}
        action={
          speaking && (
            <Button
              color="inherit"
              size="small"
              disabled={switching}
              onClick={switchOff}
            >
              Switch off
            </Button>
          )
        }
      >
        {speaking
          ? `Callers hear the status message: ${
              speaking.message.type === 'text'
                ? `“${speaking.message.text}”`
                : 'an uploaded audio file'
            }`
          : "No status message: callers hear the welcome only. Set one on the team's Incoming calls tab."}
        {failure && ` Could not switch it off: ${failure}`}
      </Alert>
    </Box>
  );
}
