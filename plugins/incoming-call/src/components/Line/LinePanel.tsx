import { InfoCard, Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import PhoneInTalkIcon from '@material-ui/icons/PhoneInTalk';
import MuiAlert from '@material-ui/lab/Alert';
import type {
  LineResponder,
  LineTeam,
  LineView,
} from '@icr/plugin-incoming-call-common';
import {
  incomingCallApiRef,
  type TeamRef,
} from '@icr/plugin-incoming-call-react';
import { useState } from 'react';
import { serverMessage } from '../../api/serverMessage';
import { PersonName, formatDuration, formatTime, useAlertLink } from '../Alert';
import { LineBrowserCall } from './LineBrowserCall';
import { useLine } from './useLine';

const callers = (n: number) => (n === 1 ? '1 caller' : `${n} callers`);

/**
 * Outage mode's line, on the Alerts page and the team's Call alerts tab:
 * the callers waiting (those the user may read), who is being rung for
 * them, the busy and away responders; the signed-in responder takes the
 * next caller in the browser and stops or resumes taking calls. Nothing
 * while nobody the user may see waits, unless they are away (to come back).
 */
export function LinePanel(props: { team?: TeamRef }) {
  const { view, error, reload } = useLine(props.team);
  const [taking, setTaking] = useState<{
    alertId: string;
    callerNumber: string;
    /** Each take places a new call, also for the same caller. */
    attempt: number;
  }>();
  const visibleTeams = view?.teams.filter(t => t.callers.length > 0) ?? [];
  if (!view || (visibleTeams.length === 0 && !view.you.awayUntil && !taking)) {
    return error ? (
      <MuiAlert severity="error">{serverMessage(error)}</MuiAlert>
    ) : null;
  }

  const next = nextCaller(view);
  const takeNext = () =>
    next &&
    setTaking(current => ({
      ...next,
      attempt: (current?.attempt ?? 0) + 1,
    }));

  return (
    <Box mb={2}>
      <InfoCard title="The line">
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          gridGap={16}
          mb={2}
        >
          {next && (
            <Button
              variant="contained"
              color="primary"
              startIcon={<PhoneInTalkIcon />}
              disabled={Boolean(view.you.busyOn)}
              onClick={takeNext}
            >
              Take next caller
            </Button>
          )}
          <AwayToggle view={view} onChange={reload} />
          {view.you.busyOn && (
            <Typography variant="body2">You are on a call.</Typography>
          )}
        </Box>
        {taking && (
          <LineBrowserCall
            key={taking.attempt}
            alertId={taking.alertId}
            callerNumber={taking.callerNumber}
            onChange={reload}
          />
        )}
        {visibleTeams.map(team => (
          <TeamLine
            key={team.teamRef}
            team={team}
            title={visibleTeams.length > 1 || !props.team}
          />
        ))}
        <NotFree responders={view.responders} />
        {error && <MuiAlert severity="error">{serverMessage(error)}</MuiAlert>}
      </InfoCard>
    </Box>
  );
}

/** The caller the user would take next, with their number. */
function nextCaller(view: LineView) {
  const alertId = view.you.nextAlertId;
  const caller = view.teams
    .flatMap(t => t.callers)
    .find(c => c.alertId === alertId);
  return (
    caller && { alertId: caller.alertId, callerNumber: caller.callerNumber }
  );
}

/** "Stop taking calls" / "Take calls again", for the signed-in user. */
function AwayToggle(props: { view: LineView; onChange: () => Promise<void> }) {
  const api = useApi(incomingCallApiRef);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string>();
  const away = props.view.you.awayUntil;

  const toggle = async () => {
    setSaving(true);
    setFailure(undefined);
    try {
      if (away) await api.resumeTakingCalls();
      else await api.stopTakingCalls();
      await props.onChange();
    } catch (e) {
      setFailure(serverMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button variant="outlined" disabled={saving} onClick={toggle}>
        {away ? 'Take calls again' : 'Stop taking calls'}
      </Button>
      {away && (
        <Typography variant="body2" role="status">
          You are not offered callers until {formatTime(away)}.
        </Typography>
      )}
      {failure && <MuiAlert severity="error">{failure}</MuiAlert>}
    </>
  );
}

/** One team's waiting callers, first come first served. */
function TeamLine(props: { team: LineTeam; title: boolean }) {
  const { team } = props;
  const linkTo = useAlertLink();
  const name = team.teamName ?? team.teamRef;
  const hidden = team.waiting - team.callers.length;
  return (
    <Box mb={2}>
      {props.title && (
        <Typography variant="subtitle2">
          {name}: {callers(team.waiting)} waiting
        </Typography>
      )}
      <Table size="small" aria-label={`Callers waiting for ${name}`}>
        <TableHead>
          <TableRow>
            <TableCell>Position</TableCell>
            <TableCell>Caller</TableCell>
            <TableCell>Waiting</TableCell>
            <TableCell>Ringing</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {team.callers.map(caller => (
            <TableRow key={caller.alertId}>
              <TableCell>{caller.position}</TableCell>
              <TableCell>
                {linkTo ? (
                  <Link to={linkTo(caller.alertId)}>{caller.callerNumber}</Link>
                ) : (
                  caller.callerNumber
                )}
              </TableCell>
              <TableCell>
                {formatDuration(
                  Math.max(
                    0,
                    (Date.now() - Date.parse(caller.waitingSince)) / 1000,
                  ),
                )}
              </TableCell>
              <TableCell>
                {caller.ringing ? (
                  <PersonName
                    entityRef={caller.ringing.userRef}
                    name={caller.ringing.displayName}
                  />
                ) : (
                  '—'
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {hidden > 0 && (
        <Typography variant="body2" color="textSecondary">
          and {callers(hidden)} you may not see
        </Typography>
      )}
    </Box>
  );
}

/** The responders who are busy on a call or away from the line. */
function NotFree(props: { responders: LineResponder[] }) {
  const linkTo = useAlertLink();
  if (props.responders.length === 0) return null;
  return (
    <List dense aria-label="Responders not free">
      {props.responders.map(responder => {
        const name = (
          <PersonName
            entityRef={responder.userRef}
            name={responder.displayName}
          />
        );
        const busy = responder.busyOn;
        return (
          <ListItem key={responder.userRef}>
            <ListItemText
              primary={
                <>
                  {name}
                  {busy && (
                    <>
                      {' '}
                      is on{' '}
                      {linkTo ? (
                        <Link to={linkTo(busy.alertId)}>a call</Link>
                      ) : (
                        'a call'
                      )}
                    </>
                  )}
                  {busy && responder.awayUntil && ';'}
                  {responder.awayUntil &&
                    ` stopped taking calls until ${formatTime(
                      responder.awayUntil,
                    )}`}
                </>
              }
            />
          </ListItem>
        );
      })}
    </List>
  );
}
