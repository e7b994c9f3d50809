import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import FormHelperText from '@material-ui/core/FormHelperText';
import TextField from '@material-ui/core/TextField';
import { recipientListSchema } from '@icr/plugin-incoming-call-common';
import { useState } from 'react';
import { firstErrorWithin } from './fieldErrors';
import type { SectionProps } from './sectionProps';

const HINT =
  'An entity reference: user:default/ana, group:default/platform, schedule:default/platform-primary or escalation:default/name. Called in list order.';

export function RecipientsField({
  config,
  onChange,
  errors,
  disabled,
}: SectionProps) {
  const [input, setInput] = useState('');
  const [inputError, setInputError] = useState<string>();
  const listError = firstErrorWithin(errors, 'recipients');

  const add = () => {
    // Validating the whole list catches both a bad reference and a repeat.
    const candidate = [...config.recipients, input];
    const result = recipientListSchema.safeParse(candidate);
    if (!result.success) {
      const added = result.error.issues.find(
        issue => issue.path[0] === config.recipients.length,
      );
      if (added) {
        setInputError(added.message);
        return;
      }
    }
    const ref = result.success ? result.data[result.data.length - 1] : input;
    onChange(c => ({ ...c, recipients: [...c.recipients, ref] }));
    setInput('');
    setInputError(undefined);
  };

  return (
    <div>
      <Box display="flex" flexWrap="wrap" mb={1}>
        {config.recipients.map(ref => (
          <Box key={ref} mr={1} mb={1}>
            <Chip
              label={ref}
              disabled={disabled}
              onDelete={() =>
                onChange(c => ({
                  ...c,
                  recipients: c.recipients.filter(r => r !== ref),
                }))
              }
            />
          </Box>
        ))}
      </Box>
      {listError && <FormHelperText error>{listError}</FormHelperText>}
      <Box display="flex" alignItems="flex-start">
        <TextField
          id="incoming-call-recipient"
          label="Recipient"
          fullWidth
          value={input}
          disabled={disabled}
          error={Boolean(inputError)}
          helperText={inputError ?? HINT}
          onChange={e => {
            setInput(e.target.value);
            setInputError(undefined);
          }}
          onKeyDown={e => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <Box ml={1} mt={2} flexShrink={0}>
          <Button
            variant="outlined"
            disabled={disabled || input.trim() === ''}
            onClick={add}
          >
            Add recipient
          </Button>
        </Box>
      </Box>
    </div>
  );
}
