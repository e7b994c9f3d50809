import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import {
  DEFAULT_INCIDENT_CONFIG,
  type IncidentConfig,
} from '@icr/plugin-incoming-call-common';
import { errorProps } from './fieldErrors';
import { IntegerField } from './IntegerField';
import type { SectionProps } from './sectionProps';

/**
 * Outage mode: when more than N calls come in within M minutes, they are
 * grouped under one incident alert, notified once.
 */
export function IncidentSection({
  config,
  onChange,
  errors,
  disabled,
}: SectionProps) {
  // An integration saved before outage mode has none: the defaults hold.
  const incident = config.incident ?? DEFAULT_INCIDENT_CONFIG;
  const change = (fields: Partial<IncidentConfig>) =>
    onChange(c => ({
      ...c,
      incident: { ...(c.incident ?? DEFAULT_INCIDENT_CONFIG), ...fields },
    }));
  return (
    <Grid container spacing={2} alignItems="flex-start">
      <Grid item xs={12} md={4}>
        <FormControlLabel
          label="Group a burst of calls"
          disabled={disabled}
          control={
            <Switch
              checked={incident.enabled}
              onChange={e => change({ enabled: e.target.checked })}
            />
          }
        />
      </Grid>
      {incident.enabled && (
        <>
          <Grid item xs={12} md={4}>
            <IntegerField
              id="incoming-call-incident-calls"
              label="More than (calls)"
              min={2}
              max={1000}
              value={incident.calls}
              disabled={disabled}
              // Empty: NaN, which the schema refuses with its message.
              onChange={calls => change({ calls: calls ?? NaN })}
              {...errorProps(errors, 'incident.calls')}
            />
          </Grid>
          <Grid item xs={12} md={4}>
            <IntegerField
              id="incoming-call-incident-window"
              label="Within (minutes)"
              min={1}
              max={120}
              value={incident.windowMinutes}
              disabled={disabled}
              onChange={windowMinutes =>
                change({ windowMinutes: windowMinutes ?? NaN })
              }
              {...errorProps(errors, 'incident.windowMinutes')}
            />
          </Grid>
        </>
      )}
      <Grid item xs={12}>
        <Typography
          variant="body2"
          color="textSecondary"
          id="incoming-call-incident-help"
        >
          {incident.enabled
            ? `When more than ${incident.calls} calls come in within ${incident.windowMinutes} minutes, they are grouped under one incident alert, with the calls linked to it: the team is notified once for the incident, not for each caller, and every later call joins it until someone closes the incident's alert. Each call is still dialled as usual.`
            : 'Every call is an alert of its own, notified on its own, however many come in at once.'}
        </Typography>
      </Grid>
    </Grid>
  );
}
