import FormControlLabel from '@material-ui/core/FormControlLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import type { IntegrationConfig } from '@icr/plugin-incoming-call-common';
import { useState } from 'react';
import { AudioFilePicker } from './AudioFilePicker';
import { errorProps, type FieldErrors } from './fieldErrors';
import type { AudioLibrary } from './useAudioLibrary';

type Message = IntegrationConfig['welcome'];
type Choice = 'built-in' | 'text' | 'audio';

interface MessageFieldProps {
  id: string;
  /** Names the message, e.g. "Welcome message". */
  label: string;
  message: Message | null;
  /** The path of the message in the config, for its errors (e.g. `welcome`). */
  path: string;
  /** Shown under spoken text. */
  hint?: string;
  /** When set, the message may be left to a built-in prompt, named so. */
  builtIn?: string;
  errors: FieldErrors;
  disabled: boolean;
  audio: AudioLibrary;
  onChange: (message: Message | null) => void;
}

/** A message the caller hears: spoken text, an uploaded file, or built in. */
export function MessageField(props: MessageFieldProps) {
  const { id, label, message, path, hint, builtIn } = props;
  const { errors, disabled, audio, onChange } = props;
  // Switching to a file and back keeps the text that was there.
  const [lastText, setLastText] = useState(
    message?.type === 'text' ? message.text : '',
  );
  const choice: Choice = message?.type ?? 'built-in';

  const choose = (next: Choice) => {
    if (next === 'built-in') onChange(null);
    else if (next === 'text') onChange({ type: 'text', text: lastText });
    else onChange({ type: 'audio', audioId: audio.files[0]?.id ?? '' });
  };

  return (
    <div>
      <RadioGroup
        row
        aria-label={`${label}: how it is played`}
        value={choice}
        onChange={e => choose(e.target.value as Choice)}
      >
        {builtIn && (
          <FormControlLabel
            value="built-in"
            label={builtIn}
            disabled={disabled}
            control={<Radio />}
          />
        )}
        <FormControlLabel
          value="text"
          label="Spoken text"
          disabled={disabled}
          control={<Radio />}
        />
        <FormControlLabel
          value="audio"
          label="Audio file"
          disabled={disabled}
          control={<Radio />}
        />
      </RadioGroup>
      {message?.type === 'text' && (
        <TextField
          id={id}
          label={label}
          multiline
          minRows={2}
          fullWidth
          value={message.text}
          disabled={disabled}
          onChange={e => {
            setLastText(e.target.value);
            onChange({ type: 'text', text: e.target.value });
          }}
          {...errorProps(errors, [`${path}.text`, path], hint)}
        />
      )}
      {message?.type === 'audio' && (
        <AudioFilePicker
          id={`${id}-file`}
          label={`${label} file`}
          audioId={message.audioId}
          library={audio}
          disabled={disabled}
          error={errors[`${path}.audioId`] ?? errors[path]}
          onChange={audioId => onChange({ type: 'audio', audioId })}
        />
      )}
    </div>
  );
}
