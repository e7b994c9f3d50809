import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import {
  AUDIO_FILE_EXTENSIONS,
  type AudioFile,
} from '@icr/plugin-incoming-call-common';
import { useState } from 'react';
import { formatSize } from './formatSize';
import { serverMessage } from '../../api/serverMessage';
import type { AudioLibrary } from './useAudioLibrary';

interface AudioFilePickerProps {
  id: string;
  /** Names the choice, e.g. "Welcome audio file". */
  label: string;
  audioId: string;
  library: AudioLibrary;
  disabled: boolean;
  /** The problem with the choice, if any (e.g. none chosen yet). */
  error?: string;
  onChange: (audioId: string) => void;
}

const fileLabel = (file: AudioFile) =>
  `${file.name} (${file.format.toUpperCase()}, ${formatSize(file.size)})`;

/** Chooses one of the team's uploads, or uploads a new one and chooses it. */
export function AudioFilePicker(props: AudioFilePickerProps) {
  const { id, label, audioId, library, disabled, error, onChange } = props;
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string>();

  const upload = async (file: File) => {
    setUploading(true);
    setUploadError(undefined);
    try {
      onChange((await library.upload(file)).id);
    } catch (e) {
      setUploadError(serverMessage(e));
    } finally {
      setUploading(false);
    }
  };

  return (
    <div>
      <Box display="flex" alignItems="flex-start">
        <Box flexGrow={1} mr={1}>
          <TextField
            id={id}
            label={label}
            select
            SelectProps={{ native: true }}
            fullWidth
            value={audioId}
            disabled={disabled}
            onChange={e => onChange(e.target.value)}
            error={Boolean(error)}
            helperText={
              error ??
              "One of the team's uploads: .mp3, .wav, .gsm, .aif or .ulaw"
            }
          >
            <option value="">
              {library.files.length
                ? 'Choose an uploaded file'
                : 'No files uploaded yet'}
            </option>
            {library.files.map(file => (
              <option key={file.id} value={file.id}>
                {fileLabel(file)}
              </option>
            ))}
          </TextField>
        </Box>
        <Button
          variant="outlined"
          component="label"
          disabled={disabled || uploading}
        >
          {uploading ? 'Uploading…' : 'Upload'}
          <input
            type="file"
            hidden
            aria-label={`Upload ${label.toLowerCase()}`}
            accept={AUDIO_FILE_EXTENSIONS.join(',')}
            disabled={disabled || uploading}
            onChange={e => {
              const file = e.target.files?.[0];
              // The same file may be chosen again after a fix.
              e.target.value = '';
              if (file) upload(file);
            }}
          />
        </Button>
      </Box>
      {uploadError && (
        <Box mt={1}>
          <Alert severity="error">{uploadError}</Alert>
        </Box>
      )}
    </div>
  );
}
