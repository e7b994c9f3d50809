import Grid from '@material-ui/core/Grid';
import type { TeamRef } from '@icr/plugin-incoming-call-react';
import { AnalyticsCard } from './AnalyticsCard';
import { UsageCard } from './UsageCard';

/**
 * The month's usage and cost, and the call analytics of a period: of a
 * team, or of the whole organisation without `team`. `who` names them in
 * the message shown to someone not allowed to read them.
 */
export function UsageAndAnalytics(props: { team?: TeamRef; who: string }) {
  const { team, who } = props;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <UsageCard team={team} who={who} />
      </Grid>
      <Grid item xs={12}>
        <AnalyticsCard team={team} who={who} />
      </Grid>
    </Grid>
  );
}
