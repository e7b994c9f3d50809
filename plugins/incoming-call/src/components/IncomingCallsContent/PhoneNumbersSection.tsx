import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormHelperText from '@material-ui/core/FormHelperText';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import type { IntegrationConfig } from '@icr/plugin-incoming-call-common';
import { errorProps } from './fieldErrors';
import type { SectionProps } from './sectionProps';

type PhoneNumberEntry = IntegrationConfig['numbers'][number];

export function PhoneNumbersSection({
  config,
  onChange,
  errors,
  disabled,
}: SectionProps) {
  const setEntry = (index: number, change: Partial<PhoneNumberEntry>) =>
    onChange(c => ({
      ...c,
      numbers: c.numbers.map((n, i) => (i === index ? { ...n, ...change } : n)),
    }));
  const removeEntry = (index: number) =>
    onChange(c => ({ ...c, numbers: c.numbers.filter((_, i) => i !== index) }));
  const addEntry = () =>
    onChange(c => ({
      ...c,
      numbers: [...c.numbers, { number: '', country: '', source: 'attached' }],
    }));

  return (
    <div>
      {config.numbers.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          The team has no phone numbers yet, so no calls reach it.
        </Typography>
      )}
      {config.numbers.map((entry, index) => (
        <Box key={index} display="flex" alignItems="flex-start" mb={1}>
          <Box flexGrow={1} mr={1}>
            <TextField
              id={`incoming-call-number-${index}`}
              label={`Phone number ${index + 1}`}
              fullWidth
              value={entry.number}
              disabled={disabled}
              onChange={e => setEntry(index, { number: e.target.value })}
              {...errorProps(
                errors,
                [`numbers.${index}.number`, `numbers.${index}`],
                'In E.164 form, e.g. +14155550100',
              )}
            />
          </Box>
          <Box width={160}>
            <TextField
              id={`incoming-call-country-${index}`}
              label={`Country ${index + 1}`}
              fullWidth
              value={entry.country}
              disabled={disabled}
              inputProps={{ maxLength: 2 }}
              onChange={e =>
                setEntry(index, { country: e.target.value.toUpperCase() })
              }
              {...errorProps(errors, `numbers.${index}.country`, 'e.g. US, DE')}
            />
          </Box>
          <IconButton
            aria-label={`Remove phone number ${index + 1}`}
            disabled={disabled}
            onClick={() => removeEntry(index)}
          >
            <DeleteIcon />
          </IconButton>
        </Box>
      ))}
      {errors.numbers && (
        <FormHelperText error>{errors.numbers}</FormHelperText>
      )}
      <Button variant="outlined" disabled={disabled} onClick={addEntry}>
        Add phone number
      </Button>
    </div>
  );
}
