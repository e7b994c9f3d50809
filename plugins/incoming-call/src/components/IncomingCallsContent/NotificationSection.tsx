import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  NOTIFICATION_MODES,
  type IntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import { errorProps } from './fieldErrors';
import { IntegerField } from './IntegerField';
import { MessageField } from './MessageField';
import type { SectionProps } from './sectionProps';

type NotificationMode = IntegrationConfig['notification']['mode'];

const MODE_LABELS: Record<NotificationMode, string> = {
  default: 'At once, for every call',
  delayed: 'Only when a call is not answered in time',
  voicemail: 'Only when a caller leaves a voicemail',
};

const DEFAULT_DELAY_MINUTES = 5;

/** What each mode does, said under the choice. */
function modeHelp(notification: IntegrationConfig['notification']): string {
  const escalation =
    "Each step of the call's dial plan is notified at its delay (escalation rules and repeats included), every user by their contact methods (Backstage, e-mail, SMS), until the alert is acknowledged or closed.";
  switch (notification.mode) {
    case 'default':
      return `The people the call is routed to are notified as it comes in (with a menu, those of the option chosen). ${escalation} An answered or abandoned call notifies no further.`;
    case 'delayed':
      return `Nobody is notified if the call is answered within ${
        notification.delayMinutes ?? DEFAULT_DELAY_MINUTES
      } minutes of its arrival, or the caller hangs up first; otherwise the people it is routed to are notified then. ${escalation}`;
    default:
      return `Nobody is notified of the call itself; when the caller leaves a voicemail, the people it was routed to are notified with a link to the alert and its recording. ${escalation}`;
  }
}

export function NotificationSection({
  config,
  onChange,
  errors,
  disabled,
  audio,
}: SectionProps) {
  const { notification } = config;
  return (
    <Grid container spacing={2} alignItems="flex-start">
      <Grid item xs={12} md={3}>
        <FormControlLabel
          label="Voicemail"
          disabled={disabled}
          control={
            <Switch
              checked={config.voicemail.enabled}
              onChange={e => {
                const enabled = e.target.checked;
                onChange(c => ({
                  ...c,
                  voicemail: { ...c.voicemail, enabled },
                }));
              }}
            />
          }
        />
      </Grid>
      <Grid item xs={12} md={5}>
        <TextField
          id="incoming-call-notification-mode"
          label="Notify the team"
          select
          SelectProps={{ native: true }}
          fullWidth
          value={notification.mode}
          disabled={disabled}
          onChange={e => {
            const mode = e.target.value as NotificationMode;
            onChange(c => ({
              ...c,
              notification:
                mode === 'delayed'
                  ? {
                      mode,
                      delayMinutes:
                        c.notification.delayMinutes ?? DEFAULT_DELAY_MINUTES,
                    }
                  : { mode },
            }));
          }}
          {...errorProps(errors, 'notification.mode')}
        >
          {NOTIFICATION_MODES.map(mode => (
            <option key={mode} value={mode}>
              {MODE_LABELS[mode]}
            </option>
          ))}
        </TextField>
      </Grid>
      {notification.mode === 'delayed' && (
        <Grid item xs={12} md={4}>
          <IntegerField
            id="incoming-call-notification-delay"
            label="Delay (minutes)"
            min={1}
            max={60}
            value={notification.delayMinutes}
            disabled={disabled}
            onChange={delayMinutes =>
              onChange(c => ({
                ...c,
                notification: { mode: 'delayed', delayMinutes },
              }))
            }
            {...errorProps(errors, 'notification.delayMinutes')}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        <Typography
          variant="body2"
          color="textSecondary"
          id="incoming-call-notification-help"
        >
          {modeHelp(notification)}
        </Typography>
      </Grid>
      {config.voicemail.enabled && (
        <Grid item xs={12}>
          <MessageField
            id="incoming-call-voicemail-prompt"
            label="Voicemail prompt"
            path="voicemail.prompt"
            builtIn="Built-in prompt"
            hint="Asks the caller to leave a message; the tone follows"
            message={config.voicemail.prompt}
            errors={errors}
            disabled={disabled}
            audio={audio}
            onChange={prompt =>
              onChange(c => ({ ...c, voicemail: { ...c.voicemail, prompt } }))
            }
          />
        </Grid>
      )}
    </Grid>
  );
}
