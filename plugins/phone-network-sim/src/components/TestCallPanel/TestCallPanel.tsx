import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useCallback, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import type { IntegrationDialPlan } from '@icr/plugin-incoming-call-common';
import { incomingCallApiRef } from '@icr/plugin-incoming-call-react';
import {
  isFinalCall,
  type SimulatedCall,
} from '@icr/plugin-phone-network-sim-common';
import { phoneNetworkApiRef } from '../../api';
import { planOfCaller, respondersOf, waitingFor } from './callPlan';
import { ResponderPhones } from './ResponderPhones';
import { TestCallMessages } from './TestCallMessages';
import { TestCallParties } from './TestCallParties';

const pollMillis = 1000;

/** Keys typed as "1", "12" or "1 2": one key per menu prompt. */
function parseKeys(text: string): string[] | undefined {
  const keys = text.replace(/[\s,]/g, '').split('');
  return keys.length ? keys : undefined;
}

/** The responders' display names by phone number, from the dial plan. */
function responderNames(
  plan: IntegrationDialPlan | undefined,
): ReadonlyMap<string, string> {
  return new Map(
    respondersOf(plan).map(user => [user.phone, user.displayName]),
  );
}

/**
 * Places a call to one of the team's saved numbers on the simulated phone
 * network and follows it live: what each party hears, and their phones to
 * play (keys, answer, hang up), with how the responders' phones behave,
 * and the text messages the phones received meanwhile (the SMS
 * notifications).
 * Renders nothing when the backend uses a real phone provider.
 *
 * @public
 */
export function TestCallPanel(props: { numbers: string[] }) {
  const { numbers } = props;
  const api = useApi(phoneNetworkApiRef);
  const incomingCallApi = useApi(incomingCallApiRef);
  const { entity } = useEntity();
  const namespace = entity.metadata.namespace ?? 'default';
  const name = entity.metadata.name;
  const network = useAsync(() => api.listTestCalls(), [api]);
  const dialPlan = useAsyncRetry(
    () => incomingCallApi.getDialPlan({ namespace, name }),
    [incomingCallApi, namespace, name],
  );
  const [from, setFrom] = useState('+4930555000');
  const [to, setTo] = useState('');
  const [keys, setKeys] = useState('');
  const [voicemailSeconds, setVoicemailSeconds] = useState('10');
  const [callerSid, setCallerSid] = useState<string>();
  // The keys the caller pressed: the first one chose a menu option.
  const [callerKeys, setCallerKeys] = useState<string[]>([]);
  const [calls, setCalls] = useState<SimulatedCall[]>([]);
  // The text messages there before the call: the panel shows the call's own.
  const [messagesBefore, setMessagesBefore] = useState<ReadonlySet<string>>(
    new Set(),
  );
  const [pollError, setPollError] = useState<Error>();
  // The saved numbers can change under the selection when the team saves.
  const target = numbers.includes(to) ? to : numbers[0] ?? '';

  const [placing, place] = useAsyncFn(async () => {
    const scriptedKeys = parseKeys(keys);
    const earlier = await api.listTestMessages();
    const caller = await api.placeTestCall({
      from: from.trim(),
      to: target,
      keys: scriptedKeys,
      voicemailSeconds:
        voicemailSeconds === '' ? undefined : Number(voicemailSeconds),
    });
    setPollError(undefined);
    setMessagesBefore(new Set(earlier.map(message => message.sid)));
    setCalls([caller]);
    setCallerSid(caller.sid);
    setCallerKeys(scriptedKeys ?? []);
    // Who the call rings is worked out now, as the backend does.
    dialPlan.retry();
  }, [api, from, target, keys, voicemailSeconds, dialPlan.retry]);

  const refresh = useCallback(async () => {
    if (!callerSid) return;
    try {
      // Only this caller's parties: other test calls are someone else's.
      setCalls((await api.listTestCalls({ caller: callerSid })) ?? []);
    } catch (e) {
      setPollError(e as Error);
    }
  }, [api, callerSid]);

  // A party's move shows at once, not at the next poll.
  const [acting, act] = useAsyncFn(
    async (move: () => Promise<void>) => {
      await move();
      await refresh();
    },
    [refresh],
  );

  const caller = calls.find(call => call.sid === callerSid);
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
  const names = responderNames(dialPlan.value);
  const callerPlan = planOfCaller(dialPlan.value, callerKeys);
  const responderLegs = responders.filter(call => call.direction !== 'inbound');
  const waiting =
    running &&
    callerPlan &&
    caller.queue !== undefined &&
    responderLegs.every(isFinalCall)
      ? waitingFor(callerPlan, responderLegs.length)
      : undefined;
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
        <ResponderPhones plan={dialPlan.value} />
        {[dialPlan.error, placing.error, acting.error, pollError].map(
          error =>
            error && (
              <Box key={error.message} mt={2}>
                <ResponseErrorPanel error={error} />
              </Box>
            ),
        )}
        {waiting && (
          <Box mt={2}>
            <Typography variant="body2" role="status">
              {waiting}
            </Typography>
          </Box>
        )}
        {caller && (
          <TestCallParties
            caller={caller}
            responders={responders}
            responderNames={names}
            disabled={acting.loading}
            actions={{
              press: (sid, key) =>
                act(async () => {
                  if (sid === caller.sid) {
                    setCallerKeys(pressed => [...pressed, key]);
                  }
                  await api.pressTestCallKeys(sid, key);
                }),
              answer: sid => act(() => api.answerTestCall(sid)),
              hangUp: sid => act(() => api.hangUpTestCall(sid)),
            }}
          />
        )}
        {caller && (
          <TestCallMessages
            key={caller.sid}
            before={messagesBefore}
            running={running}
            responderNames={names}
          />
        )}
      </InfoCard>
    </Box>
  );
}
