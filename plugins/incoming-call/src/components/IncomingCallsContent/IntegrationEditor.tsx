import { InfoCard } from '@backstage/core-components';
import { toError } from '@backstage/errors';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  integrationConfigSchema,
  type Integration,
  type IntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import { useMemo, useState } from 'react';
import {
  incomingCallApiRef,
  type TeamRef,
} from '@icr/plugin-incoming-call-react';
import { AudioFilesSection } from './AudioFilesSection';
import { AutoAttendantSection } from './AutoAttendantSection';
import { BlocklistSection } from './BlocklistSection';
import {
  fieldErrorsOf,
  serverFieldErrorsOf,
  type FieldErrors,
} from './fieldErrors';
import { GeneralSection } from './GeneralSection';
import { HoldMusicField } from './HoldMusicField';
import { NotificationSection } from './NotificationSection';
import { PhoneNumbersSection } from './PhoneNumbersSection';
import { RoutingSection } from './RoutingSection';
import { SaveFailure } from './SaveFailure';
import type { SectionProps } from './sectionProps';
import { useAudioLibrary } from './useAudioLibrary';
import { WelcomeMessageField } from './WelcomeMessageField';

type SaveState =
  | { status: 'editing' }
  | { status: 'saving' }
  | { status: 'done' }
  | { status: 'failed'; error: Error };

interface IntegrationEditorProps {
  team: TeamRef;
  teamTitle: string;
  /** The stored integration; undefined while the team has none. */
  integration: Integration | undefined;
  /** What the form starts from when there is no stored integration. */
  draft: IntegrationConfig;
  canEdit: boolean;
  onSaved: (integration: Integration) => void;
}

export function IntegrationEditor(props: IntegrationEditorProps) {
  const { team, teamTitle, canEdit, onSaved } = props;
  const api = useApi(incomingCallApiRef);
  const [stored, setStored] = useState(props.integration);
  const [config, setConfig] = useState(
    props.integration?.config ?? props.draft,
  );
  const [saveState, setSaveState] = useState<SaveState>({ status: 'editing' });
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const audio = useAudioLibrary(team);

  const validation = useMemo(
    () => integrationConfigSchema.safeParse(config),
    [config],
  );
  const errors = useMemo(
    () => ({
      ...(validation.success ? {} : fieldErrorsOf(validation.error)),
      ...serverErrors,
    }),
    [validation, serverErrors],
  );

  const onChange: SectionProps['onChange'] = change => {
    setConfig(change);
    setServerErrors({});
    setSaveState({ status: 'editing' });
  };

  const save = async () => {
    if (!validation.success) {
      return;
    }
    setSaveState({ status: 'saving' });
    try {
      const integration = await api.saveIntegration(team, validation.data);
      setStored(integration);
      setConfig(integration.config);
      setSaveState({ status: 'done' });
      onSaved(integration);
    } catch (error) {
      setServerErrors(serverFieldErrorsOf(error));
      setSaveState({ status: 'failed', error: toError(error) });
    }
  };

  const disabled = !canEdit || saveState.status === 'saving';
  const section: SectionProps = { config, onChange, errors, disabled, audio };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center">
          <Box flexGrow={1}>
            <Typography variant="body2" color="textSecondary">
              {stored
                ? `Last changed ${new Date(
                    stored.updatedAt,
                  ).toLocaleString()} by ${stored.updatedBy}`
                : `${teamTitle} has no integration yet. These are the suggested settings; nothing is stored until you press Save.`}
            </Typography>
          </Box>
          <Button
            variant="contained"
            color="primary"
            disabled={disabled || !validation.success}
            onClick={save}
          >
            Save
          </Button>
        </Box>
        {!canEdit && (
          <Box mt={2}>
            <Alert severity="info">
              Only members of {teamTitle} may change its call routing, so you
              can read these settings but not edit them.
            </Alert>
          </Box>
        )}
        {saveState.status === 'done' && (
          <Box mt={2}>
            <Alert severity="success">Saved</Alert>
          </Box>
        )}
        {saveState.status === 'failed' && (
          <Box mt={2}>
            <SaveFailure error={saveState.error} teamTitle={teamTitle} />
          </Box>
        )}
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Integration">
          <GeneralSection {...section} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Welcome and hold music">
          <WelcomeMessageField {...section} />
          <Box mt={2}>
            <HoldMusicField {...section} />
          </Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Notifications and voicemail">
          <NotificationSection {...section} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Who is called">
          <RoutingSection {...section} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Phone numbers">
          <PhoneNumbersSection {...section} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Blocklist">
          <BlocklistSection {...section} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Auto-attendant">
          <AutoAttendantSection {...section} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Audio files">
          <AudioFilesSection {...section} />
        </InfoCard>
      </Grid>
    </Grid>
  );
}
