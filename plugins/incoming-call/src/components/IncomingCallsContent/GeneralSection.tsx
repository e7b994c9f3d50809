import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import {
  LANGUAGES,
  type Language,
  withLanguage,
} from '@icr/plugin-incoming-call-common';
import { errorProps } from './fieldErrors';
import type { SectionProps } from './sectionProps';

export function GeneralSection({
  config,
  onChange,
  errors,
  disabled,
}: SectionProps) {
  return (
    <Grid container spacing={2} alignItems="center">
      <Grid item xs={12} md={6}>
        <TextField
          id="incoming-call-name"
          label="Name"
          fullWidth
          value={config.name}
          disabled={disabled}
          onChange={e => {
            const name = e.target.value;
            onChange(c => ({ ...c, name }));
          }}
          {...errorProps(errors, 'name')}
        />
      </Grid>
      <Grid item xs={12} md={4}>
        <TextField
          id="incoming-call-language"
          label="Language"
          select
          SelectProps={{ native: true }}
          fullWidth
          value={config.language}
          disabled={disabled}
          onChange={e => {
            const language = e.target.value as Language;
            // Suggested texts nobody changed follow into the language.
            onChange(c => withLanguage(c, language));
          }}
          {...errorProps(errors, 'language')}
        >
          {Object.entries(LANGUAGES).map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </TextField>
      </Grid>
      <Grid item xs={12} md={2}>
        <FormControlLabel
          label="Enabled"
          disabled={disabled}
          control={
            <Switch
              checked={config.enabled}
              onChange={e => {
                const enabled = e.target.checked;
                onChange(c => ({ ...c, enabled }));
              }}
            />
          }
        />
      </Grid>
    </Grid>
  );
}
