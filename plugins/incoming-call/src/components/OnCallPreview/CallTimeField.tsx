import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import {
  fromLocalDateTime,
  readerTimeZone,
  toLocalDateTime,
} from './localDateTime';

/**
 * When the previewed call happens, in the reader's time zone, which it
 * names. Only complete values reach `onChange`, so half-typed ones don't
 * refetch.
 */
export function CallTimeField(props: {
  at: Date;
  onChange: (at: Date) => void;
}) {
  const { onChange } = props;
  const [value, setValue] = useState(() => toLocalDateTime(props.at));
  const valid = fromLocalDateTime(value) !== undefined;
  return (
    <TextField
      id="incoming-call-call-time"
      label="Call time"
      type="datetime-local"
      value={value}
      InputLabelProps={{ shrink: true }}
      error={!valid}
      helperText={
        valid
          ? `In your time zone, ${readerTimeZone()}`
          : 'Pick a date and time'
      }
      onChange={e => {
        setValue(e.target.value);
        const at = fromLocalDateTime(e.target.value);
        if (at) {
          onChange(at);
        }
      }}
    />
  );
}
