import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import type { Alert } from '@icr/plugin-incoming-call-common';

/**
 * An alert's priority and its tags, as the alert rule that matched the
 * caller set them (P3 and none without a rule).
 */
export function AlertPriority(props: {
  alert: Pick<Alert, 'priority' | 'tags' | 'alertRule'>;
}) {
  const { priority, tags, alertRule } = props.alert;
  return (
    <Box
      component="span"
      display="inline-flex"
      flexWrap="wrap"
      alignItems="center"
      title={alertRule ? `Set by the alert rule '${alertRule}'` : undefined}
    >
      <Box component="span" mr={0.5}>
        {priority}
      </Box>
      {tags.map(tag => (
        <Box component="span" mr={0.5} key={tag}>
          <Chip size="small" variant="outlined" label={tag} />
        </Box>
      ))}
    </Box>
  );
}
