import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  MENU_KEYS,
  type IntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import { errorProps, type FieldErrors } from './fieldErrors';
import { RecipientPicker } from './RecipientPicker';

type MenuOption = IntegrationConfig['autoAttendant']['options'][number];

interface AutoAttendantOptionRowProps {
  index: number;
  option: MenuOption;
  onChange: (option: MenuOption) => void;
  onRemove: () => void;
  errors: FieldErrors;
  disabled: boolean;
}

export function AutoAttendantOptionRow(props: AutoAttendantOptionRowProps) {
  const { index, option, onChange, onRemove, errors, disabled } = props;
  const path = `autoAttendant.options.${index}`;

  return (
    <Box mb={2} pl={2} borderLeft={2} borderColor="divider">
      <Box display="flex" alignItems="flex-start">
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
        <IconButton
          aria-label={`Remove option ${index + 1}`}
          disabled={disabled}
          onClick={onRemove}
        >
          <DeleteIcon />
        </IconButton>
      </Box>
      <Box mt={1}>
        <RecipientPicker
          id={`incoming-call-menu-recipients-${index}`}
          label={`Option ${index + 1} recipients`}
          path={`${path}.recipients`}
          refs={option.recipients}
          onChange={recipients => onChange({ ...option, recipients })}
          errors={errors}
          disabled={disabled}
          hint="Who a caller who presses this key is routed to, in this order."
        />
      </Box>
    </Box>
  );
}
