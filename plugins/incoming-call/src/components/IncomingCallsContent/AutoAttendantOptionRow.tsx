import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  MENU_KEYS,
  type IntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import { useState } from 'react';
import { errorProps, firstErrorWithin, type FieldErrors } from './fieldErrors';

type MenuOption = IntegrationConfig['autoAttendant']['options'][number];

interface AutoAttendantOptionRowProps {
  index: number;
  option: MenuOption;
  onChange: (option: MenuOption) => void;
  onRemove: () => void;
  errors: FieldErrors;
  disabled: boolean;
}

function parseRecipients(text: string): string[] {
  return text
    .split(',')
    .map(ref => ref.trim())
    .filter(Boolean);
}

export function AutoAttendantOptionRow(props: AutoAttendantOptionRowProps) {
  const { index, option, onChange, onRemove, errors, disabled } = props;
  const path = `autoAttendant.options.${index}`;
  // The text is kept as typed; parsing it on every keystroke would eat commas.
  const [recipientsText, setRecipientsText] = useState(
    option.recipients.join(', '),
  );
  const recipientsError = firstErrorWithin(errors, `${path}.recipients`);

  return (
    <Box display="flex" alignItems="flex-start" mb={1}>
      <Box width={100} mr={1} flexShrink={0}>
        <TextField
          id={`incoming-call-menu-key-${index}`}
          label={`Key ${index + 1}`}
          select
          SelectProps={{ native: true }}
          fullWidth
          value={option.key}
          disabled={disabled}
          onChange={e =>
            onChange({ ...option, key: e.target.value as MenuOption['key'] })
          }
          {...errorProps(errors, [`${path}.key`, path])}
        >
          {MENU_KEYS.map(key => (
            <option key={key} value={key}>
              {key}
            </option>
          ))}
        </TextField>
      </Box>
      <Box flexGrow={1} mr={1}>
        <TextField
          id={`incoming-call-menu-label-${index}`}
          label={`Option ${index + 1} label`}
          fullWidth
          value={option.label}
          disabled={disabled}
          onChange={e => onChange({ ...option, label: e.target.value })}
          {...errorProps(errors, `${path}.label`)}
        />
      </Box>
      <Box flexGrow={2}>
        <TextField
          id={`incoming-call-menu-recipients-${index}`}
          label={`Option ${index + 1} recipients`}
          fullWidth
          value={recipientsText}
          disabled={disabled}
          onChange={e => {
            setRecipientsText(e.target.value);
            onChange({
              ...option,
              recipients: parseRecipients(e.target.value),
            });
          }}
          error={Boolean(recipientsError)}
          helperText={
            recipientsError ??
            'Entity references separated by commas, e.g. user:default/ana, group:default/platform'
          }
        />
      </Box>
      <IconButton
        aria-label={`Remove option ${index + 1}`}
        disabled={disabled}
        onClick={onRemove}
      >
        <DeleteIcon />
      </IconButton>
    </Box>
  );
}
