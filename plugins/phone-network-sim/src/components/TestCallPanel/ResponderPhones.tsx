import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import type { IntegrationDialPlan } from '@icr/plugin-incoming-call-common';
import type { TestPhoneBehaviour } from '@icr/plugin-phone-network-sim-common';
import { phoneNetworkApiRef } from '../../api';
import { respondersOf } from './callPlan';

const behaviours: Array<{ value: TestPhoneBehaviour; label: string }> = [
  { value: 'confirm', label: 'Answers and presses 1' },
  { value: 'ring', label: 'Rings: answer it here, or it rings out' },
  { value: 'voicemail-box', label: 'Voicemail box answers' },
  { value: 'busy', label: 'Busy' },
  { value: 'no-answer', label: 'Unreachable' },
];

/**
 * How the phones a call to the team would ring behave on the simulated
 * network, one setting per number of the dial plan (of every menu option); it applies to calls
 * from the next ring on, so it can change during a call.
 */
export function ResponderPhones(props: {
  plan: IntegrationDialPlan | undefined;
}) {
  const api = useApi(phoneNetworkApiRef);
  const phones = useAsync(() => api.listTestPhones(), [api]);
  const [chosen, setChosen] = useState<Record<string, TestPhoneBehaviour>>({});
  const [setting, setPhone] = useAsyncFn(
    async (phone: string, behaviour: TestPhoneBehaviour) => {
      await api.setTestPhone(phone, behaviour);
      setChosen(current => ({ ...current, [phone]: behaviour }));
    },
    [api],
  );

  if (phones.error) {
    return (
      <Box mt={2}>
        <ResponseErrorPanel error={phones.error} />
      </Box>
    );
  }
  const users = respondersOf(props.plan);
  if (users.length === 0) return null;
  const current = (phone: string) =>
    chosen[phone] ?? phones.value?.[phone] ?? 'confirm';

  return (
    <Box mt={2}>
      <Typography variant="subtitle2">Responder phones</Typography>
      <Typography variant="body2" color="textSecondary" paragraph>
        How the phones this call may ring behave. A phone that rings can be
        answered below, and anyone who answers can press keys.
      </Typography>
      <Grid container spacing={2}>
        {users.map(user => (
          <Grid item xs={12} sm={6} md={4} key={user.phone}>
            <TextField
              id={`incoming-call-test-phone-${user.phone}`}
              label={`${user.displayName} ${user.phone}`}
              select
              fullWidth
              SelectProps={{ native: true }}
              disabled={setting.loading}
              value={current(user.phone)}
              onChange={e =>
                setPhone(user.phone, e.target.value as TestPhoneBehaviour)
              }
            >
              {behaviours.map(behaviour => (
                <option key={behaviour.value} value={behaviour.value}>
                  {behaviour.label}
                </option>
              ))}
            </TextField>
          </Grid>
        ))}
      </Grid>
      {setting.error && (
        <Box mt={2}>
          <ResponseErrorPanel error={setting.error} />
        </Box>
      )}
    </Box>
  );
}
