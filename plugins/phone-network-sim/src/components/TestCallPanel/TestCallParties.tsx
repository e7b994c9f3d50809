import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  isFinalCall,
  type SimulatedCall,
} from '@icr/plugin-phone-network-sim-common';
import { statusText } from './callStatus';

/** What a person can do on a party's phone. */
export interface PartyActions {
  press(sid: string, key: string): void;
  answer(sid: string): void;
  hangUp(sid: string): void;
}

const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/**
 * How a party is named: the caller, a browser taking the call, a
 * responder's phone (with the responder's name, when the plan has it).
 */
function partyTitle(
  call: SimulatedCall,
  caller: SimulatedCall,
  responderNames: ReadonlyMap<string, string>,
): string {
  if (call.sid === caller.sid) return `Caller ${call.from}`;
  if (call.direction === 'inbound') return `Browser ${call.from}`;
  const name = responderNames.get(call.to);
  return name ? `Responder ${name} ${call.to}` : `Responder ${call.to}`;
}

/**
 * Each party of a test call: its number, status and what it heard, with
 * its phone to play while the call goes on: a keypad, and for responders
 * Answer and Decline while ringing, End call once answered. The caller
 * hangs up with the panel's Hang up button.
 */
export function TestCallParties(props: {
  caller: SimulatedCall;
  responders: SimulatedCall[];
  /** The responders' display names by phone number. */
  responderNames: ReadonlyMap<string, string>;
  actions: PartyActions;
  disabled: boolean;
}) {
  const { caller, responders, responderNames, actions, disabled } = props;
  return (
    <>
      {[caller, ...responders].map(call => (
        <Party
          key={call.sid}
          title={partyTitle(call, caller, responderNames)}
          call={call}
          isCaller={call.sid === caller.sid}
          actions={actions}
          disabled={disabled}
        />
      ))}
    </>
  );
}

function Party(props: {
  title: string;
  call: SimulatedCall;
  isCaller: boolean;
  actions: PartyActions;
  disabled: boolean;
}) {
  const { title, call, isCaller, actions, disabled } = props;
  const live = !isFinalCall(call);
  return (
    <Box mt={2} role="group" aria-label={title}>
      <Typography variant="subtitle2">
        {title}: {statusText(call)}
      </Typography>
      {call.heard.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          Nothing heard yet.
        </Typography>
      ) : (
        <List dense disablePadding aria-label={`Heard by ${title}`}>
          {call.heard.map((line, index) => (
            <ListItem key={index}>
              <ListItemText primary={line} />
            </ListItem>
          ))}
        </List>
      )}
      {live && call.status === 'ringing' && !isCaller && (
        <Box mt={1}>
          <Button
            variant="outlined"
            color="primary"
            size="small"
            disabled={disabled}
            onClick={() => actions.answer(call.sid)}
          >
            Answer
          </Button>
          <Box component="span" ml={1}>
            <Button
              variant="outlined"
              size="small"
              disabled={disabled}
              onClick={() => actions.hangUp(call.sid)}
            >
              Decline
            </Button>
          </Box>
        </Box>
      )}
      {live && call.status === 'in-progress' && (
        <Box mt={1} display="flex" alignItems="flex-start" flexWrap="wrap">
          <Box
            role="group"
            aria-label={`Keypad of ${title}`}
            display="grid"
            gridTemplateColumns="repeat(3, 4rem)"
            gridGap={4}
          >
            {keys.map(key => (
              <Button
                key={key}
                variant="outlined"
                size="small"
                aria-label={`Press ${key}`}
                disabled={disabled}
                onClick={() => actions.press(call.sid, key)}
              >
                {key}
              </Button>
            ))}
          </Box>
          {!isCaller && (
            <Box ml={2}>
              <Button
                variant="outlined"
                size="small"
                disabled={disabled}
                onClick={() => actions.hangUp(call.sid)}
              >
                End call
              </Button>
            </Box>
          )}
        </Box>
      )}
    </Box>
  );
}
