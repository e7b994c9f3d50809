import Grid from '@material-ui/core/Grid';
import { useState } from 'react';
import type { TeamRef } from '@icr/plugin-incoming-call-react';
import { ScheduleOverrides } from '../Overrides';
import { DialPlanPreview } from './DialPlanPreview';
import { WhoIsOnCall } from './WhoIsOnCall';

interface OnCallPreviewProps {
  team: TeamRef;
  teamTitle: string;
  /**
   * When the integration was last saved; a change means the dial plan is
   * out of date.
   */
  savedAt: string | undefined;
}

/**
 * Who is on call for the team now, who a call to its saved integration
 * would ring, and the overrides of its schedules: a check of the routing
 * for anyone who can see it, re-read when an override changes.
 */
export function OnCallPreview(props: OnCallPreviewProps) {
  const { team, teamTitle, savedAt } = props;
  const [overridesVersion, setOverridesVersion] = useState(0);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={5}>
        <WhoIsOnCall key={overridesVersion} team={team} teamTitle={teamTitle} />
      </Grid>
      <Grid item xs={12} md={7}>
        <DialPlanPreview
          team={team}
          savedAt={savedAt}
          overridesVersion={overridesVersion}
        />
      </Grid>
      <Grid item xs={12}>
        <ScheduleOverrides
          team={team}
          teamTitle={teamTitle}
          onChange={() => setOverridesVersion(version => version + 1)}
        />
      </Grid>
    </Grid>
  );
}
