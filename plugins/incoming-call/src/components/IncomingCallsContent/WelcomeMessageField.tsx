import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { errorProps } from './fieldErrors';
import type { SectionProps } from './sectionProps';

export function WelcomeMessageField({
  config,
  onChange,
  errors,
  disabled,
}: SectionProps) {
  const { welcome } = config;
  if (welcome.type === 'audio') {
    return (
      <Typography variant="body2">
        Callers hear an uploaded audio file ({welcome.audioId}) as the welcome
        message.
      </Typography>
    );
  }
  return (
    <TextField
      id="incoming-call-welcome-message"
      label="Welcome message"
      multiline
      minRows={2}
      fullWidth
      value={welcome.text}
      disabled={disabled}
      onChange={e => {
        const text = e.target.value;
        onChange(c => ({ ...c, welcome: { type: 'text', text } }));
      }}
      {...errorProps(
        errors,
        'welcome.text',
        'What every caller hears first, spoken in the language above',
      )}
    />
  );
}
