import Grid from '@material-ui/core/Grid';
import { errorProps } from './fieldErrors';
import { IntegerField } from './IntegerField';
import { RecipientsField } from './RecipientsField';
import type { SectionProps } from './sectionProps';

export function RoutingSection(props: SectionProps) {
  const { config, onChange, errors, disabled } = props;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <RecipientsField {...props} />
      </Grid>
      <Grid item xs={12} md={6}>
        <IntegerField
          id="incoming-call-users-to-try"
          label="Users to try"
          min={0}
          max={50}
          value={config.usersToTry}
          disabled={disabled}
          onChange={usersToTry =>
            onChange(c => ({ ...c, usersToTry: usersToTry ?? NaN }))
          }
          {...errorProps(
            errors,
            'usersToTry',
            'How many people are dialled at most; 0 sends callers straight to voicemail',
          )}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <IntegerField
          id="incoming-call-ring-timeout"
          label="Ring timeout (seconds)"
          min={10}
          max={60}
          value={config.ringTimeoutSeconds}
          disabled={disabled}
          onChange={seconds =>
            onChange(c => ({ ...c, ringTimeoutSeconds: seconds ?? NaN }))
          }
          {...errorProps(
            errors,
            'ringTimeoutSeconds',
            "How long each person's phone rings before the next one is tried",
          )}
        />
      </Grid>
    </Grid>
  );
}
