import { Link } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { Alert } from '@icr/plugin-incoming-call-common';
import {
  AlertCaller,
  AlertPriority,
  AlertStatusChip,
  PersonName,
  formatDuration,
  formatTime,
  alertOutcomeLabel,
  useAlertLink,
} from '../Alert';

/** Alerts of several teams, one a row, each linking to its own page. */
export function AlertsTable(props: { alerts: Alert[] }) {
  const linkTo = useAlertLink();
  return (
    <Table size="small" aria-label="Call alerts">
      <TableHead>
        <TableRow>
          <TableCell>Time</TableCell>
          <TableCell>Team</TableCell>
          <TableCell>Caller</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Outcome</TableCell>
          <TableCell>Answered by</TableCell>
          <TableCell>Duration</TableCell>
          <TableCell>Priority</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.alerts.map(alert => (
          <TableRow key={alert.id} hover>
            <TableCell>
              {linkTo ? (
                <Link to={linkTo(alert.id)}>{formatTime(alert.createdAt)}</Link>
              ) : (
                formatTime(alert.createdAt)
              )}
            </TableCell>
            <TableCell>
              <PersonName entityRef={alert.teamRef} name={alert.teamName} />
            </TableCell>
            <TableCell>
              <AlertCaller alert={alert} />
            </TableCell>
            <TableCell>
              <AlertStatusChip status={alert.status} />
            </TableCell>
            <TableCell>{alertOutcomeLabel(alert)}</TableCell>
            <TableCell>
              {alert.answeredBy ? (
                <PersonName
                  entityRef={alert.answeredBy}
                  name={alert.answeredByName}
                />
              ) : (
                '—'
              )}
            </TableCell>
            <TableCell>{formatDuration(alert.durationSeconds)}</TableCell>
            <TableCell>
              <AlertPriority alert={alert} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
