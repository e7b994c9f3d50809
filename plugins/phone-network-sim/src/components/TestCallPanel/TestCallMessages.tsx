import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { useCallback, useEffect, useState } from 'react';
import useInterval from 'react-use/esm/useInterval';
import type { SimulatedMessage } from '@icr/plugin-phone-network-sim-common';
import { phoneNetworkApiRef } from '../../api';

const pollMillis = 1000;
/** A voicemail's notifications go out after the call: keep looking this long. */
const afterCallMillis = 60_000;

/** The messages by the phone that received them, in the order the first came. */
function byPhone(messages: SimulatedMessage[]): [string, SimulatedMessage[]][] {
  const phones = new Map<string, SimulatedMessage[]>();
  for (const message of messages) {
    phones.set(message.to, [...(phones.get(message.to) ?? []), message]);
  }
  return [...phones];
}

/**
 * The text messages (SMS) the simulated phones received since the test
 * call was placed, by phone: the notifications of its responders. Follows
 * them while the call goes on and for a minute after it ended.
 */
export function TestCallMessages(props: {
  /** Messages there before the call was placed: not this call's. */
  before: ReadonlySet<string>;
  running: boolean;
  /** The responders' display names by phone number. */
  responderNames: ReadonlyMap<string, string>;
}) {
  const { before, running, responderNames } = props;
  const api = useApi(phoneNetworkApiRef);
  const [messages, setMessages] = useState<SimulatedMessage[]>([]);
  const [error, setError] = useState<Error>();
  const [afterCall, setAfterCall] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const all = await api.listTestMessages();
      setMessages(all.filter(message => !before.has(message.sid)));
    } catch (e) {
      setError(e as Error);
    }
  }, [api, before]);

  useEffect(() => {
    refresh();
  }, [refresh]);
  useEffect(() => {
    if (running) return undefined;
    setAfterCall(true);
    const timer = setTimeout(() => setAfterCall(false), afterCallMillis);
    return () => clearTimeout(timer);
  }, [running]);
  // A failing poll stops, rather than repeating its error every second.
  useInterval(refresh, (running || afterCall) && !error ? pollMillis : null);

  return (
    <Box mt={2}>
      <Typography variant="subtitle2">Text messages</Typography>
      {error && <ResponseErrorPanel error={error} />}
      {messages.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No phone has received a text message since the call was placed.
        </Typography>
      ) : (
        byPhone(messages).map(([phone, received]) => {
          const name = responderNames.get(phone);
          const title = `SMS to ${name ? `${name} ${phone}` : phone}`;
          return (
            <Box key={phone} mt={1}>
              <Typography variant="body2">{title}</Typography>
              <List dense disablePadding aria-label={title}>
                {received.map(message => (
                  <ListItem key={message.sid}>
                    <ListItemText
                      primary={message.body}
                      secondary={`From ${
                        message.from ?? 'a Messaging Service'
                      }, ${message.status}`}
                    />
                  </ListItem>
                ))}
              </List>
            </Box>
          );
        })
      )}
    </Box>
  );
}
