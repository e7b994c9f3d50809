import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { incomingCallApiRef } from '@icr/plugin-incoming-call-react';
import { formatTime } from './formatTime';

/** Each step of one call, oldest first. */
export function AlertTimeline(props: { alertId: string }) {
  const api = useApi(incomingCallApiRef);
  const { value, loading, error } = useAsync(
    () => api.getAlert(props.alertId),
    [api, props.alertId],
  );

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  const events = [...(value?.events ?? [])].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at),
  );
  if (events.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        Nothing was recorded for this call.
      </Typography>
    );
  }
  return (
    <List dense aria-label="Call timeline" style={{ width: '100%' }}>
      {events.map(event => (
        <ListItem key={event.id} disableGutters>
          <ListItemText
            primary={event.message}
            secondary={[formatTime(event.at), event.userRef]
              .filter(Boolean)
              .join(' · ')}
          />
        </ListItem>
      ))}
    </List>
  );
}
