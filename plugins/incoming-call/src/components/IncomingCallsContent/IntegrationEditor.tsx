import { InfoCard } from '@backstage/core-components';
import { toError } from '@backstage/errors';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  integrationConfigSchema,
  NO_INTEGRATION_VERSION,
  type Integration,
  type IntegrationChange,
  type IntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import { useMemo, useState } from 'react';
import {
  incomingCallApiRef,
  type TeamRef,
} from '@icr/plugin-incoming-call-react';
import { AlertRulesSection } from './AlertRulesSection';
import { AudioFilesSection } from './AudioFilesSection';
import { AutoAttendantSection } from './AutoAttendantSection';
import { BlocklistSection } from './BlocklistSection';
import { ForwardingSection } from './ForwardingSection';
import { DeleteIntegration } from './DeleteIntegration';
import {
  fieldErrorsOf,
  serverFieldErrorsOf,
  type FieldErrors,
} from './fieldErrors';
import { GeneralSection } from './GeneralSection';
import { IncidentSection } from './IncidentSection';
import { HoldMusicField } from './HoldMusicField';
import { NotificationSection } from './NotificationSection';
import { saveLabel, useNumberPicks } from './numberPicks';
import { PhoneNumbersSection } from './PhoneNumbersSection';
import { RoutingSection } from './RoutingSection';
import { SaveConflict, integrationChangeOf } from './SaveConflict';
import { SaveFailure } from './SaveFailure';
import { sameConfig } from './sameConfig';
import { UnsavedChangesGuard } from './UnsavedChangesGuard';
import type { SectionProps } from './sectionProps';
import { useAudioLibrary } from './useAudioLibrary';
import { WelcomeMessageField } from './WelcomeMessageField';

type SaveState =
  | { status: 'editing' }
  | { status: 'saving' }
  | { status: 'done' }
  | { status: 'conflict'; change: IntegrationChange }
  | { status: 'failed'; error: Error };

const useStyles = makeStyles(theme => ({
  saveBar: {
    position: 'sticky',
    top: 0,
    zIndex: theme.zIndex.appBar,
    padding: theme.spacing(1.5, 2),
  },
}));

interface IntegrationEditorProps {
  team: TeamRef;
  teamTitle: string;
  /** The stored integration; undefined while the team has none. */
  integration: Integration | undefined;
  /** What the form starts from when there is no stored integration. */
  draft: IntegrationConfig;
  canEdit: boolean;
  onSaved: (integration: Integration) => void;
  /** The integration was deleted (its bought numbers released). */
  onDeleted: () => void;
}

export function IntegrationEditor(props: IntegrationEditorProps) {
  const { team, teamTitle, canEdit, onSaved, onDeleted } = props;
  const classes = useStyles();
  const api = useApi(incomingCallApiRef);
  const [stored, setStored] = useState(props.integration);
  const baseline = stored?.config ?? props.draft;
  const [config, setConfig] = useState(baseline);
  const [saveState, setSaveState] = useState<SaveState>({ status: 'editing' });
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const audio = useAudioLibrary(team);
  // What the numbers picked for buying cost: the Save button says it.
  const { picks, addPick } = useNumberPicks();
  const dirty = !sameConfig(config, baseline);

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

  /** Shows what is stored now, dropping the edits. */
  const showStored = (integration: Integration | undefined) => {
    setStored(integration);
    setConfig(integration?.config ?? props.draft);
    setServerErrors({});
    setSaveState({ status: 'editing' });
    if (integration) onSaved(integration);
  };

  /** Saves over `version`: the one edited, or the one to overwrite. */
  const save = async (version: number) => {
    if (!validation.success) {
      return;
    }
    setSaveState({ status: 'saving' });
    try {
      const integration = await api.saveIntegration(
        team,
        validation.data,
        version,
      );
      setStored(integration);
      setConfig(integration.config);
      setSaveState({ status: 'done' });
      onSaved(integration);
    } catch (error) {
      const change = integrationChangeOf(error);
      if (change) {
        setSaveState({ status: 'conflict', change });
        return;
      }
      setServerErrors(serverFieldErrorsOf(error));
      setSaveState({ status: 'failed', error: toError(error) });
    }
  };

  const reload = async () => {
    setSaveState({ status: 'saving' });
    try {
      showStored(await api.getIntegration(team));
    } catch (error) {
      setSaveState({ status: 'failed', error: toError(error) });
    }
  };

  const busy = saveState.status === 'saving';
  const disabled = !canEdit || busy;
  const section: SectionProps = { config, onChange, errors, disabled, audio };

  return (
    <Grid container spacing={3}>
      <UnsavedChangesGuard dirty={dirty && canEdit} />
      <Grid item xs={12}>
        <Paper
          className={classes.saveBar}
          elevation={2}
          component="section"
          aria-label="Save the call routing"
        >
          <Box display="flex" alignItems="center">
            <Box flexGrow={1} role="status">
              {dirty && canEdit ? (
                <Typography variant="body2" color="primary">
                  <strong>Unsaved changes</strong>
                  {validation.success
                    ? ''
                    : ': fix the fields marked in red to save'}
                </Typography>
              ) : (
                <Typography variant="body2" color="textSecondary">
                  {stored
                    ? `Last changed ${new Date(
                        stored.updatedAt,
                      ).toLocaleString()} by ${stored.updatedBy}`
                    : `${teamTitle} has no integration yet. These are the suggested settings; nothing is stored until you press Save.`}
                </Typography>
              )}
            </Box>
            {dirty && canEdit && (
              <Box mr={1}>
                <Button disabled={busy} onClick={() => showStored(stored)}>
                  Discard changes
                </Button>
              </Box>
            )}
            <Button
              variant="contained"
              color="primary"
              disabled={disabled || !validation.success}
              onClick={() => save(stored?.version ?? NO_INTEGRATION_VERSION)}
            >
              {saveLabel(config, picks)}
            </Button>
            {stored && canEdit && (
              <Box ml={1}>
                <DeleteIntegration
                  team={team}
                  teamTitle={teamTitle}
                  integration={stored}
                  disabled={busy}
                  onDeleted={onDeleted}
                />
              </Box>
            )}
          </Box>
          {saveState.status === 'done' && (
            <Box mt={1}>
              <Alert severity="success">Saved</Alert>
            </Box>
          )}
          {saveState.status === 'conflict' && (
            <Box mt={1}>
              <SaveConflict
                change={saveState.change}
                busy={busy}
                onReload={reload}
                onOverwrite={() => save(saveState.change.version)}
              />
            </Box>
          )}
          {saveState.status === 'failed' && (
            <Box mt={1}>
              <SaveFailure error={saveState.error} teamTitle={teamTitle} />
            </Box>
          )}
        </Paper>
        {!canEdit && (
          <Box mt={2}>
            <Alert severity="info">
              Only members of {teamTitle} may change its call routing, so you
              can read these settings but not edit them.
            </Alert>
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
          <PhoneNumbersSection
            {...section}
            team={team}
            picks={picks}
            onPick={addPick}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Blocklist">
          <BlocklistSection {...section} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Alert rules">
          <AlertRulesSection {...section} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Outage mode">
          <IncidentSection {...section} />
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
      <Grid item xs={12}>
        <InfoCard title="Forwarding">
          <ForwardingSection {...section} team={team} saved={stored} />
        </InfoCard>
      </Grid>
    </Grid>
  );
}
