import TextField from '@material-ui/core/TextField';

interface IntegerFieldProps {
  id: string;
  label: string;
  value: number | undefined;
  /** undefined while the field is empty, so the schema can say what is missing. */
  onChange: (value: number | undefined) => void;
  min: number;
  max: number;
  disabled: boolean;
  error: boolean;
  helperText?: string;
}

export function IntegerField(props: IntegerFieldProps) {
  const { value, onChange, min, max, ...rest } = props;
  return (
    <TextField
      {...rest}
      type="number"
      fullWidth
      inputProps={{ min, max, step: 1 }}
      value={value === undefined || Number.isNaN(value) ? '' : String(value)}
      onChange={event =>
        onChange(
          event.target.value === '' ? undefined : Number(event.target.value),
        )
      }
    />
  );
}
