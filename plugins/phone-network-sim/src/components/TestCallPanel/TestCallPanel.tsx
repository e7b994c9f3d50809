import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useCallback, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import useInterval from 'react-use/esm/useInterval';
import {
  isFinalCall,
  type SimulatedCall,
} from '@icr/plugin-phone-network-sim-common';
import { phoneNetworkApiRef } from '../../api';
import { ResponderPhones } from './ResponderPhones';
import { TestCallParties } from './TestCallParties';

const pollMillis = 1000;

/** A call placed from the panel, with the calls that existed before it. */
interface PlacedCall {
  callerSid: string;
  earlierSids: ReadonlySet<string>;
}

/** Keys typed as "1", "12" or "1 2": one key per menu prompt. */
function parseKeys(text: string): string[] | undefined {
  const keys = text.replace(/[\s,]/g, '').split('');
  return keys.length ? keys : undefined;
}

/**
 * The calls of a test call: the caller, and the legs and browsers that
 * came after it (other people's test calls are not).
 */
function callsOf(all: SimulatedCall[], placed: PlacedCall | undefined) {
  return all.filter(
    call =>
      !placed?.earlierSids.has(call.sid) &&
      (call.sid === placed?.callerSid ||
        call.direction !== 'inbound' ||
        call.from.startsWith('client:')),
  );
}

/**
 * Places a call to one of the team's saved numbers on the simulated phone
 * network and follows it live: what each party hears, and their phones to
 * play (keys, answer, hang up), with how the responders' phones behave.
 * Renders nothing when the backend uses a real phone provider.
 *
 * @public
 */
export function TestCallPanel(props: { numbers: string[] }) {
  const { numbers } = props;
  const api = useApi(phoneNetworkApiRef);
  const network = useAsync(() => api.listTestCalls(), [api]);
  const [from, setFrom] = useState('+4930555000');
  const [to, setTo] = useState('');
  const [keys, setKeys] = useState('');
  const [voicemailSeconds, setVoicemailSeconds] = useState('10');
  const [placed, setPlaced] = useState<PlacedCall>();
  const [calls, setCalls] = useState<SimulatedCall[]>([]);
  const [pollError, setPollError] = useState<Error>();
  // The saved numbers can change under the selection when the team saves.
  const target = numbers.includes(to) ? to : numbers[0] ?? '';

  const [placing, place] = useAsyncFn(async () => {
    // Everything already on the network belongs to other calls.
    const earlier = (await api.listTestCalls()) ?? [];
    const caller = await api.placeTestCall({
      from: from.trim(),
      to: target,
      keys: parseKeys(keys),
      voicemailSeconds:
        voicemailSeconds === '' ? undefined : Number(voicemailSeconds),
    });
    setPollError(undefined);
    setCalls([caller]);
    setPlaced({
      callerSid: caller.sid,
      earlierSids: new Set(earlier.map(call => call.sid)),
    });
  }, [api, from, target, keys, voicemailSeconds]);

  const refresh = useCallback(async () => {
    try {
      setCalls(callsOf((await api.listTestCalls()) ?? [], placed));
    } catch (e) {
      setPollError(e as Error);
    }
  }, [api, placed]);

  // A party's move shows at once, not at the next poll.
  const [acting, act] = useAsyncFn(
    async (move: () => Promise<void>) => {
      await move();
      await refresh();
    },
    [refresh],
  );

  const caller = calls.find(call => call.sid === placed?.callerSid);
  const running = caller !== undefined && !isFinalCall(caller);

  useInterval(
    refresh,
    // A failing poll stops, rather than repeating its error every second.
    calls.some(call => !isFinalCall(call)) && !pollError ? pollMillis : null,
  );

  if (network.loading || (!network.error && network.value === undefined)) {
    return null;
  }
  if (network.error) {
    return (
      <Box mb={3}>
        <InfoCard title="Test call">
          <ResponseErrorPanel error={network.error} />
        </InfoCard>
      </Box>
    );
  }

  const responders = calls.filter(call => call.sid !== caller?.sid);
  // The panel keeps its own spacing, so nothing is left when it is hidden.
  return (
    <Box mb={3}>
      <InfoCard title="Test call">
        <Typography variant="body2" color="textSecondary" paragraph>
          Calls one of the team's saved numbers on the simulated phone network
          and shows what each party hears. While the call goes on, play its
          parties: press their keys, answer a ringing phone, hang up.
        </Typography>
        <Grid container spacing={2}>
          <Grid item xs={12} sm={6} md={3}>
            <TextField
              id="incoming-call-test-from"
              label="Call from"
              fullWidth
              value={from}
              onChange={e => setFrom(e.target.value)}
            />
          </Grid>
          <Grid item xs={12} sm={6} md={3}>
            {numbers.length ? (
              <TextField
                id="incoming-call-test-to"
                label="Call to"
                select
                fullWidth
                // A native select can be labelled and chosen like any other.
                SelectProps={{ native: true }}
                value={target}
                onChange={e => setTo(e.target.value)}
              >
                {numbers.map(number => (
                  <option key={number} value={number}>
                    {number}
                  </option>
                ))}
              </TextField>
            ) : (
              <Typography variant="body2" color="textSecondary">
                Add a phone number and save to place a test call.
              </Typography>
            )}
          </Grid>
          <Grid item xs={12} sm={6} md={3}>
            <TextField
              id="incoming-call-test-keys"
              label="Keys to press"
              fullWidth
              placeholder="e.g. 1"
              helperText="Pressed at once, one per menu prompt; or press them live"
              value={keys}
              onChange={e => setKeys(e.target.value)}
            />
          </Grid>
          <Grid item xs={12} sm={6} md={3}>
            <TextField
              id="incoming-call-test-voicemail"
              label="Voicemail length (seconds)"
              type="number"
              fullWidth
              inputProps={{ min: 0, step: 1 }}
              value={voicemailSeconds}
              onChange={e => setVoicemailSeconds(e.target.value)}
            />
          </Grid>
        </Grid>
        <Box mt={2} display="flex">
          <Button
            variant="contained"
            color="primary"
            disabled={!target || !from.trim() || placing.loading || running}
            onClick={() => place()}
          >
            Place test call
          </Button>
          {running && caller && (
            <Box ml={1}>
              <Button
                variant="outlined"
                disabled={acting.loading}
                onClick={() => act(() => api.hangUpTestCall(caller.sid))}
              >
                Hang up
              </Button>
            </Box>
          )}
        </Box>
        <ResponderPhones />
        {[placing.error, acting.error, pollError].map(
          error =>
            error && (
              <Box key={error.message} mt={2}>
                <ResponseErrorPanel error={error} />
              </Box>
            ),
        )}
        {caller && (
          <TestCallParties
            caller={caller}
            responders={responders}
            disabled={acting.loading}
            actions={{
              press: (sid, key) => act(() => api.pressTestCallKeys(sid, key)),
              answer: sid => act(() => api.answerTestCall(sid)),
              hangUp: sid => act(() => api.hangUpTestCall(sid)),
            }}
          />
        )}
      </InfoCard>
    </Box>
  );
}
