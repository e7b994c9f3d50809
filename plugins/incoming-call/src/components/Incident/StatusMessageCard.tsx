import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  type StatusMessage,
  type StatusMessageInput,
  statusMessageInputSchema,
  fieldProblemsOf,
} from '@icr/plugin-incoming-call-common';
import {
  incomingCallApiRef,
  type TeamRef,
} from '@icr/plugin-incoming-call-react';
import { useEffect, useState } from 'react';
import type { FieldErrors } from '../IncomingCallsContent/fieldErrors';
import { MessageField } from '../IncomingCallsContent/MessageField';
import { useAudioLibrary } from '../IncomingCallsContent/useAudioLibrary';

type Message = StatusMessageInput['message'];

/**
 * Outage mode: the status message every caller hears right after the
 * welcome ("We know about the checkout outage…"), typed or an uploaded
 * file, switched on and off here at once: it is kept apart from the
 * integration, so an open editor is not disturbed.
 */
export function StatusMessageCard(props: {
  team: TeamRef;
  canEdit: boolean;
  statusMessage?: StatusMessage;
  /** After a change: the banner and this card read it again. */
  onChanged: () => void;
}) {
  const { team, canEdit, statusMessage, onChanged } = props;
  const api = useApi(incomingCallApiRef);
  const audio = useAudioLibrary(team);
  const [draft, setDraft] = useState<Message>(
    statusMessage?.message ?? { type: 'text', text: '' },
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  // The stored message once it has been read.
  useEffect(() => {
    if (statusMessage) setDraft(statusMessage.message);
  }, [statusMessage]);

  const act = async (change: () => Promise<unknown>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await change();
      onChanged();
    } catch (error) {
      setFailure((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const switchOn = () => {
    const parsed = statusMessageInputSchema.safeParse({ message: draft });
    if (!parsed.success) {
      setErrors(
        Object.fromEntries(
          fieldProblemsOf(parsed.error).map(p => [
            p.path.replace(/^message/, 'statusMessage'),
            p.message,
          ]),
        ),
      );
      return;
    }
    setErrors({});
    act(() => api.switchOnStatusMessage(team, parsed.data.message));
  };

  const on = statusMessage?.enabled === true;
  return (
    <InfoCard title="Status message">
      <Typography variant="body2" color="textSecondary" paragraph>
        {on
          ? 'On: every caller hears it right after the welcome, before the menu or the hold music.'
          : 'Off. During an outage, tell every caller what you know before they wait: they hear it right after the welcome, in the integration’s language.'}
      </Typography>
      <MessageField
        id="incoming-call-status-message"
        label="Status message"
        path="statusMessage"
        hint="e.g. We know about the checkout outage; updates at status.example.com"
        message={draft}
        errors={errors}
        disabled={!canEdit || busy}
        audio={audio}
        onChange={message => message && setDraft(message)}
      />
      <Box mt={2} display="flex" alignItems="center" gridGap={8}>
        <Button
          variant="contained"
          color="primary"
          disabled={!canEdit || busy}
          onClick={switchOn}
        >
          {on ? 'Update' : 'Switch on'}
        </Button>
        {on && (
          <Button
            variant="outlined"
            disabled={!canEdit || busy}
            onClick={() => act(() => api.switchOffStatusMessage(team))}
          >
            Switch off
          </Button>
        )}
        {failure && (
          <Typography color="error" variant="body2" role="alert">
            {failure}
          </Typography>
        )}
      </Box>
    </InfoCard>
  );
}
