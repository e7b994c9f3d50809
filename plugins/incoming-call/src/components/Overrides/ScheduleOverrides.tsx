import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import {
  incomingCallApiRef,
  type TeamRef,
} from '@icr/plugin-incoming-call-react';
import { readerTimeZone } from '../OnCallPreview/localDateTime';
import { ScheduleOverrideList } from './ScheduleOverrideList';

/**
 * The overrides of the team's schedules ("I take Tuesday night"): the
 * coming ones, taking over and deleting. The backend lets only the team's
 * members change them.
 */
export function ScheduleOverrides(props: {
  team: TeamRef;
  teamTitle: string;
  /** Called after an override was added or deleted. */
  onChange: () => void;
}) {
  const { team, teamTitle, onChange } = props;
  const api = useApi(incomingCallApiRef);
  const { value, loading, error } = useAsync(
    () => api.getTeamOnCall(team),
    [api, team],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value?.schedules.length === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        {teamTitle} owns no on-call schedules.
      </Typography>
    );
  } else {
    content = (
      <>
        <Typography variant="body2" color="textSecondary">
          Someone covering a schedule for a while is on call instead of its
          layers (rotations), or of the one layer they take over. Times are in
          your time zone, {readerTimeZone()}.
        </Typography>
        {value?.schedules.map(schedule => (
          <ScheduleOverrideList
            key={schedule.scheduleRef}
            schedule={schedule}
            onChange={onChange}
          />
        ))}
      </>
    );
  }
  return <InfoCard title="Overrides">{content}</InfoCard>;
}
