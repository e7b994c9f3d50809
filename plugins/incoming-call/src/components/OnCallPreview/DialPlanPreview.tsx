import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import type { MenuOptionDialPlan } from '@icr/plugin-incoming-call-common';
import {
  incomingCallApiRef,
  type TeamRef,
} from '@icr/plugin-incoming-call-react';
import { CallTimeField } from './CallTimeField';
import { DialPlanList } from './DialPlanList';

/** How a menu option reads, e.g. "Press 1: Outages" or "Any other key: Sales". */
function menuOptionTitle(option: MenuOptionDialPlan): string {
  const key = option.key === '*' ? 'Any other key' : `Press ${option.key}`;
  return `${key}: ${option.label}`;
}

/**
 * Who a call to the saved integration would ring at a time the reader
 * picks: the recipients' plan, or each menu option's.
 */
export function DialPlanPreview(props: {
  team: TeamRef;
  savedAt: string | undefined;
  /** Counts changes of the team's overrides, which change who is rung. */
  overridesVersion: number;
}) {
  const { team, savedAt, overridesVersion } = props;
  const api = useApi(incomingCallApiRef);
  const [at, setAt] = useState(() => new Date());
  const { value, loading, error } = useAsync(
    () => api.getDialPlan(team, at),
    // The plan follows the saved integration, not the form being edited.
    [api, team, at, savedAt, overridesVersion],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value?.recipients) {
    content = (
      <DialPlanList
        plan={value.recipients}
        ringTimeoutSeconds={value.ringTimeoutSeconds}
      />
    );
  } else if (value) {
    content = (
      <>
        <Typography variant="body2" color="textSecondary">
          The auto-attendant asks the caller to press a key; each option rings
          its own recipients.
        </Typography>
        {value.menuOptions.map(option => {
          const title = menuOptionTitle(option);
          return (
            <Box key={option.key} mt={2} role="region" aria-label={title}>
              <Typography variant="subtitle1">{title}</Typography>
              <DialPlanList
                plan={option.plan}
                ringTimeoutSeconds={value.ringTimeoutSeconds}
              />
            </Box>
          );
        })}
      </>
    );
  } else {
    content = (
      <Typography variant="body2" color="textSecondary">
        Save the integration to see who a call would ring.
      </Typography>
    );
  }
  return (
    <InfoCard title="If someone calls">
      <Box mb={2}>
        <CallTimeField at={at} onChange={setAt} />
      </Box>
      {content}
    </InfoCard>
  );
}
