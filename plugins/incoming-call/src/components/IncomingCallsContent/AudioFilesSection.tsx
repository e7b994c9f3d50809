import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemSecondaryAction from '@material-ui/core/ListItemSecondaryAction';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { formatSize } from './formatSize';
import { serverMessage } from '../../api/serverMessage';
import type { SectionProps } from './sectionProps';

/** The team's uploads, to delete the ones no message plays any more. */
export function AudioFilesSection({ audio, disabled }: SectionProps) {
  const [problem, setProblem] = useState<string>();

  const remove = async (id: string) => {
    setProblem(undefined);
    try {
      await audio.remove(id);
    } catch (error) {
      setProblem(serverMessage(error));
    }
  };

  return (
    <div>
      {audio.loadError && (
        <Alert severity="error">
          The audio files could not be read: {serverMessage(audio.loadError)}
        </Alert>
      )}
      {audio.files.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No audio files yet. Upload one where a message or the hold music is
          chosen.
        </Typography>
      ) : (
        <List dense>
          {audio.files.map(file => (
            <ListItem key={file.id}>
              <ListItemText
                primary={file.name}
                secondary={`${file.format.toUpperCase()}, ${formatSize(
                  file.size,
                )}, uploaded ${new Date(file.createdAt).toLocaleString()} by ${
                  file.createdBy
                }`}
              />
              <ListItemSecondaryAction>
                <IconButton
                  edge="end"
                  aria-label={`Delete ${file.name}`}
                  disabled={disabled}
                  onClick={() => remove(file.id)}
                >
                  <DeleteIcon />
                </IconButton>
              </ListItemSecondaryAction>
            </ListItem>
          ))}
        </List>
      )}
      {problem && (
        <Box mt={1}>
          <Alert severity="error">{problem}</Alert>
        </Box>
      )}
    </div>
  );
}
