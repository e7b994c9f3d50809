import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import type { Alert } from '@icr/plugin-incoming-call-common';
import { incomingCallApiRef } from '@icr/plugin-incoming-call-react';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { formatDuration } from './alertText';

/**
 * Plays the voicemail left on an alert's call, and shows its transcript
 * when there is one. The audio is fetched with the user's token (which an
 * `<audio>` element cannot send) and played from an object URL. Renders
 * nothing for an alert without a voicemail.
 */
export function VoicemailPlayer(props: { alert: Alert }) {
  const { alert } = props;
  if (!alert.voicemail) {
    return null;
  }
  return (
    <Box mb={2}>
      <Typography variant="subtitle2" component="h3">
        Voicemail ({formatDuration(alert.voicemail.durationSeconds)})
      </Typography>
      <VoicemailAudio alertId={alert.id} />
      {alert.voicemail.transcript && (
        <Typography variant="body2" component="blockquote">
          “{alert.voicemail.transcript}”
        </Typography>
      )}
    </Box>
  );
}

function VoicemailAudio(props: { alertId: string }) {
  const api = useApi(incomingCallApiRef);
  const audio = useAsync(
    () => api.getVoicemail(props.alertId),
    [api, props.alertId],
  );
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!audio.value) {
      return undefined;
    }
    const objectUrl = URL.createObjectURL(audio.value);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [audio.value]);

  if (audio.error) {
    return (
      <ResponseErrorPanel
        title="The voicemail could not be loaded"
        error={audio.error}
      />
    );
  }
  if (!url) {
    return <LinearProgress aria-label="Loading the voicemail" />;
  }
  // The transcript, when Twilio made one, is shown below: there is no
  // caption track to give.
  return (
    // eslint-disable-next-line jsx-a11y/media-has-caption
    <audio
      controls
      src={url}
      aria-label="Voicemail"
      style={{ width: '100%' }}
    />
  );
}
