import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type { SimulatedCall } from '../../api';
import { statusText } from './callStatus';

/** Each party of a test call: its number, status and what it heard. */
export function TestCallParties(props: {
  caller: SimulatedCall;
  responders: SimulatedCall[];
}) {
  const { caller, responders } = props;
  return (
    <>
      <Party title={`Caller ${caller.from}`} call={caller} />
      {responders.map(leg => (
        <Party key={leg.sid} title={`Responder ${leg.to}`} call={leg} />
      ))}
    </>
  );
}

function Party(props: { title: string; call: SimulatedCall }) {
  const { title, call } = props;
  return (
    <Box mt={2}>
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
    </Box>
  );
}
