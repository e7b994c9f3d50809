import { EntityDisplayName } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type { DialPlan } from '@icr/plugin-incoming-call-common';
import { tierLabel } from './tierLabel';

/**
 * A dial plan as it reads: each tier in order, how long each phone rings,
 * then who cannot be dialled.
 */
export function DialPlanList(props: {
  plan: DialPlan;
  ringTimeoutSeconds: number;
}) {
  const { plan, ringTimeoutSeconds } = props;
  if (plan.voicemailOnly) {
    return (
      <Typography variant="body2">
        Voicemail only: nobody is dialled, because "Users to try" is 0.
      </Typography>
    );
  }
  return (
    <>
      {plan.tiers.length === 0 && (
        <Typography variant="body2">
          Nobody would be dialled at this time.
        </Typography>
      )}
      {plan.tiers.map((tier, index) => {
        const label = tierLabel(tier, index, ringTimeoutSeconds);
        return (
          <Box key={index} mt={index ? 1 : 0}>
            <Typography variant="subtitle2">{label}</Typography>
            <List dense disablePadding aria-label={label}>
              {tier.users.map(user => (
                <ListItem key={user.userRef}>
                  <ListItemText
                    primary={user.displayName}
                    secondary={user.reason}
                  />
                </ListItem>
              ))}
            </List>
          </Box>
        );
      })}
      {plan.tiers.some(tier => tier.delayMinutes > 0) && (
        <Typography variant="body2" color="textSecondary">
          Delays count from the first responder's ring.
        </Typography>
      )}
      {plan.skipped.length > 0 && (
        <Box mt={1}>
          <Typography variant="subtitle2">Not dialled:</Typography>
          <List dense disablePadding aria-label="Not dialled">
            {plan.skipped.map(skipped => (
              <ListItem key={skipped.userRef}>
                <ListItemText
                  primary={
                    <>
                      <EntityDisplayName entityRef={skipped.userRef} hideIcon />
                      : {skipped.reason}
                    </>
                  }
                />
              </ListItem>
            ))}
          </List>
        </Box>
      )}
    </>
  );
}
