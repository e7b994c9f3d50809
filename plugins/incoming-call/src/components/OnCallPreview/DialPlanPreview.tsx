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
import {
  incomingCallApiRef,
  type TeamRef,
} from '@icr/plugin-incoming-call-react';
import { CallTimeField } from './CallTimeField';
import { DialPlanList } from './DialPlanList';

/** Who a call to the saved integration would ring at a time the reader picks. */
export function DialPlanPreview(props: {
  team: TeamRef;
  savedAt: string | undefined;
}) {
  const { team, savedAt } = props;
  const api = useApi(incomingCallApiRef);
  const [at, setAt] = useState(() => new Date());
  const { value, loading, error } = useAsync(
    () => api.getDialPlan(team, at),
    // The plan follows the saved integration, not the form being edited.
    [api, team, at, savedAt],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value) {
    content = <DialPlanList plan={value} />;
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
