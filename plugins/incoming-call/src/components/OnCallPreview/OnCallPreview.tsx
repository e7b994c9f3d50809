import Grid from '@material-ui/core/Grid';
import type { TeamRef } from '@icr/plugin-incoming-call-react';
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
 * Who is on call for the team now, and who a call to its saved integration
 * would ring: a read-only check of the routing, for anyone who can see it.
 */
export function OnCallPreview(props: OnCallPreviewProps) {
  const { team, teamTitle, savedAt } = props;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={5}>
        <WhoIsOnCall team={team} teamTitle={teamTitle} />
      </Grid>
      <Grid item xs={12} md={7}>
        <DialPlanPreview team={team} savedAt={savedAt} />
      </Grid>
    </Grid>
  );
}
