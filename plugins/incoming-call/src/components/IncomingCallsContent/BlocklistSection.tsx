import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormHelperText from '@material-ui/core/FormHelperText';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import { errorProps } from './fieldErrors';
import type { SectionProps } from './sectionProps';

export function BlocklistSection({
  config,
  onChange,
  errors,
  disabled,
}: SectionProps) {
  const setEntry = (index: number, entry: string) =>
    onChange(c => ({
      ...c,
      blocklist: c.blocklist.map((e, i) => (i === index ? entry : e)),
    }));
  const removeEntry = (index: number) =>
    onChange(c => ({
      ...c,
      blocklist: c.blocklist.filter((_, i) => i !== index),
    }));

  return (
    <div>
      {config.blocklist.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No numbers are blocked.
        </Typography>
      )}
      {config.blocklist.map((entry, index) => (
        <Box key={index} display="flex" alignItems="flex-start" mb={1}>
          <TextField
            id={`incoming-call-blocklist-${index}`}
            label={`Blocked number ${index + 1}`}
            fullWidth
            value={entry}
            disabled={disabled}
            onChange={e => setEntry(index, e.target.value)}
            {...errorProps(
              errors,
              `blocklist.${index}`,
              'A number such as +4930123, or a prefix ending in * such as +1900*',
            )}
          />
          <IconButton
            aria-label={`Remove blocked number ${index + 1}`}
            disabled={disabled}
            onClick={() => removeEntry(index)}
          >
            <DeleteIcon />
          </IconButton>
        </Box>
      ))}
      {errors.blocklist && (
        <FormHelperText error>{errors.blocklist}</FormHelperText>
      )}
      <Button
        variant="outlined"
        disabled={disabled}
        onClick={() =>
          onChange(c => ({ ...c, blocklist: [...c.blocklist, ''] }))
        }
      >
        Add blocked number
      </Button>
    </div>
  );
}
