import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormHelperText from '@material-ui/core/FormHelperText';
import IconButton from '@material-ui/core/IconButton';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  blocklistEntryProblem,
  broadBlocklistPrefix,
} from '@icr/plugin-incoming-call-common';
import { useState } from 'react';
import type { SectionProps } from './sectionProps';

const HINT =
  'A number such as +4930123, or a prefix ending in * such as +1900*';

export function BlocklistSection({
  config,
  onChange,
  errors,
  disabled,
}: SectionProps) {
  const [input, setInput] = useState('');
  const [inputError, setInputError] = useState<string>();
  /** A broad prefix waiting for the user to say they mean it. */
  const [broad, setBroad] = useState<{ entry: string; warning: string }>();

  const block = (entry: string) => {
    onChange(c => ({ ...c, blocklist: [...c.blocklist, entry] }));
    setInput('');
    setBroad(undefined);
  };

  const add = () => {
    const entry = input.trim();
    const problem =
      blocklistEntryProblem(entry) ??
      (config.blocklist.includes(entry)
        ? `${entry} is already blocked`
        : undefined);
    if (problem) {
      setInputError(problem);
      return;
    }
    const warning = broadBlocklistPrefix(entry);
    if (warning) {
      setBroad({ entry, warning });
    } else {
      block(entry);
    }
  };

  return (
    <div>
      {config.blocklist.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No numbers are blocked.
        </Typography>
      ) : (
        <List dense aria-label="Blocked numbers">
          {config.blocklist.map((entry, index) => (
            <ListItem key={entry} divider>
              <ListItemText
                primary={entry}
                secondary={errors[`blocklist.${index}`]}
                secondaryTypographyProps={{ color: 'error' }}
              />
              <IconButton
                aria-label={`Unblock ${entry}`}
                disabled={disabled}
                onClick={() =>
                  onChange(c => ({
                    ...c,
                    blocklist: c.blocklist.filter(e => e !== entry),
                  }))
                }
              >
                <DeleteIcon />
              </IconButton>
            </ListItem>
          ))}
        </List>
      )}
      {errors.blocklist && (
        <FormHelperText error>{errors.blocklist}</FormHelperText>
      )}
      <Box display="flex" alignItems="flex-start" mt={1}>
        <TextField
          id="incoming-call-blocklist-new"
          label="Number or prefix to block"
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
            Block
          </Button>
        </Box>
      </Box>
      <Dialog
        open={broad !== undefined}
        onClose={() => setBroad(undefined)}
        aria-labelledby="incoming-call-broad-prefix-title"
      >
        <DialogTitle id="incoming-call-broad-prefix-title">
          Block {broad?.entry}?
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            {broad?.warning}. A prefix of the country code and at least 3 more
            digits (such as +1900*) blocks far fewer callers.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button color="primary" onClick={() => setBroad(undefined)}>
            Cancel
          </Button>
          <Button onClick={() => broad && block(broad.entry)}>
            Block all of them
          </Button>
        </DialogActions>
      </Dialog>
    </div>
  );
}
