import Typography from '@material-ui/core/Typography';
import type {
  Alert,
  AlertWithTimeline,
} from '@icr/plugin-incoming-call-common';
import { AlertActions } from './AlertActions';
import { AlertTimeline } from './AlertTimeline';
import { VoicemailPlayer } from './VoicemailPlayer';

/** What a responder works with: the actions, the voicemail and the timeline. */
export function AlertBody(props: {
  alert: AlertWithTimeline;
  onChanged: (alert: Alert) => void;
}) {
  const { alert, onChanged } = props;
  return (
    <div style={{ width: '100%' }}>
      <AlertActions alert={alert} onChanged={onChanged} />
      <VoicemailPlayer alert={alert} />
      <Typography variant="subtitle2" component="h3">
        Timeline
      </Typography>
      <AlertTimeline events={alert.events} />
    </div>
  );
}
