import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type { AlertEvent } from '@icr/plugin-incoming-call-common';
import { Fragment, type ReactNode } from 'react';
import { notificationOutcome } from './alertText';
import { formatTime } from './formatTime';
import { PersonName } from './PersonName';

/**
 * Who an event names: whoever did it by hand (acknowledged, closed, wrote
 * the note), else the person it is about (the responder rung, who answered).
 */
function personOf(event: AlertEvent): ReactNode {
  if (event.actorRef) {
    return (
      <>
        {event.type === 'note' ? 'Note by' : 'by'}{' '}
        <PersonName entityRef={event.actorRef} name={event.actorName} />
      </>
    );
  }
  if (event.userRef) {
    return <PersonName entityRef={event.userRef} name={event.userName} />;
  }
  return null;
}

/** Each step of one call, oldest first. */
export function AlertTimeline(props: { events: AlertEvent[] }) {
  const events = [...props.events].sort(
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
      {events.map(event => {
        const person = personOf(event);
        const notification = notificationOutcome(event);
        return (
          <ListItem key={event.id} disableGutters>
            <ListItemText
              primary={event.message}
              primaryTypographyProps={
                notification === 'failed' ? { color: 'error' } : undefined
              }
              secondary={
                <>
                  {formatTime(event.at)}
                  {notification && (
                    <Fragment>
                      {' · '}
                      {notification === 'sent'
                        ? 'Notification sent'
                        : 'Notification failed'}
                    </Fragment>
                  )}
                  {person && <Fragment> · {person}</Fragment>}
                </>
              }
            />
          </ListItem>
        );
      })}
    </List>
  );
}
