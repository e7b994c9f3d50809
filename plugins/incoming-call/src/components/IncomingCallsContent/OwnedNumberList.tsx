import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Progress } from '@backstage/core-components';
import {
  countryOfNumber,
  formatPhoneNumber,
} from '@icr/plugin-incoming-call-common';
import {
  incomingCallApiRef,
  type TeamRef,
} from '@icr/plugin-incoming-call-react';
import useAsync from 'react-use/esm/useAsync';
import { flagOf, numberErrorText } from './phoneNumberText';

/**
 * The numbers the provider account has already: one no integration routes
 * to can be attached (its voice settings are pointed at the plugin on
 * save and given back when the integration is deleted).
 */
export function OwnedNumberList(props: {
  team: TeamRef;
  /** Numbers already in the integration, not offered again. */
  chosen: string[];
  disabled: boolean;
  onAttach: (entry: { number: string; country: string }) => void;
}) {
  const { team, chosen, disabled, onAttach } = props;
  const api = useApi(incomingCallApiRef);
  const owned = useAsync(() => api.listOwnedNumbers(team), [api, team]);

  if (owned.loading) return <Progress />;
  if (owned.error) {
    return <Alert severity="error">{numberErrorText(owned.error)}</Alert>;
  }
  const offered = (owned.value ?? []).filter(
    number => !chosen.includes(number.number),
  );
  if (offered.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        The account has no other numbers. Buy one instead.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="The account's numbers">
      <TableHead>
        <TableRow>
          <TableCell>Number</TableCell>
          <TableCell>Name</TableCell>
          <TableCell>Routes to</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {offered.map(number => {
          const country = number.country ?? countryOfNumber(number.number);
          const formatted = formatPhoneNumber(number.number);
          return (
            <TableRow key={number.sid}>
              <TableCell>
                {flagOf(country)} {formatted}
              </TableCell>
              <TableCell>{number.friendlyName}</TableCell>
              <TableCell>{number.teamRef ?? number.voiceUrl}</TableCell>
              <TableCell align="right">
                {number.teamRef ? (
                  <Typography variant="caption" color="textSecondary">
                    In use
                  </Typography>
                ) : (
                  <Button
                    size="small"
                    color="primary"
                    disabled={disabled || !country}
                    aria-label={`Attach ${formatted}`}
                    onClick={() =>
                      country && onAttach({ number: number.number, country })
                    }
                  >
                    Attach
                  </Button>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
