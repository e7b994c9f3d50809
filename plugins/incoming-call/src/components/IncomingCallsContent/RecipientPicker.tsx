import { parseEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import FormHelperText from '@material-ui/core/FormHelperText';
import IconButton from '@material-ui/core/IconButton';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import ArrowDownwardIcon from '@material-ui/icons/ArrowDownward';
import ArrowUpwardIcon from '@material-ui/icons/ArrowUpward';
import DeleteIcon from '@material-ui/icons/Delete';
import DragIndicatorIcon from '@material-ui/icons/DragIndicator';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import type { FieldErrors } from './fieldErrors';
import {
  describeRecipients,
  kindLabelOf,
  type Recipient,
  searchRecipients,
} from './recipientCatalog';

/** Read by screen readers only: where a moved recipient went. */
const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

interface RecipientPickerProps {
  /** Prefix of the ids of the picker's fields. */
  id: string;
  /** What the list is (`Recipients`, `Option 1 recipients`). */
  label: string;
  /** Where the list's problems are (`recipients`). */
  path: string;
  refs: string[];
  onChange: (refs: string[]) => void;
  errors: FieldErrors;
  disabled: boolean;
  hint: string;
}

function moved<T>(items: T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

/** Finds users, teams, schedules and escalations in the catalog by name. */
function RecipientSearch(props: {
  id: string;
  label: string;
  chosen: string[];
  disabled: boolean;
  onPick: (recipient: Recipient) => void;
}) {
  const { id, label, chosen, disabled, onPick } = props;
  const catalog = useApi(catalogApiRef);
  const [input, setInput] = useState('');
  const term = input.trim();
  const found = useAsync(
    async () => (term ? searchRecipients(catalog, term) : []),
    [catalog, term],
  );
  const options = (found.value ?? []).filter(r => !chosen.includes(r.ref));

  return (
    <Autocomplete
      id={id}
      options={options}
      // The catalog has filtered by name already.
      filterOptions={all => all}
      getOptionLabel={recipient => recipient.name}
      renderOption={recipient => (
        <Box>
          <Typography variant="body2">{recipient.name}</Typography>
          <Typography variant="caption" color="textSecondary">
            {recipient.kindLabel} · {recipient.ref}
          </Typography>
        </Box>
      )}
      value={null}
      inputValue={input}
      onInputChange={(_event, value, reason) => {
        if (reason !== 'reset') setInput(value);
      }}
      onChange={(_event, recipient) => {
        if (recipient) {
          onPick(recipient);
          setInput('');
        }
      }}
      loading={found.loading}
      noOptionsText={
        term
          ? `No user, team, schedule or escalation named "${term}"`
          : 'Type a name'
      }
      disabled={disabled}
      renderInput={params => (
        <TextField
          {...params}
          label={label}
          helperText={found.error ? found.error.message : undefined}
          error={Boolean(found.error)}
        />
      )}
    />
  );
}

/**
 * An ordered list of recipients from the catalog, shown by name and kind:
 * found by name as one types, reordered by dragging or with the move
 * buttons, in the order they are dialled.
 */
export function RecipientPicker(props: RecipientPickerProps) {
  const { id, label, path, refs, onChange, errors, disabled, hint } = props;
  const catalog = useApi(catalogApiRef);
  // Those just picked are named at once; the rest once the catalog answers.
  const [picked, setPicked] = useState(new Map<string, Recipient>());
  const described = useAsync(
    () => describeRecipients(catalog, refs),
    [catalog, refs.join('\n')],
  );
  const [announcement, setAnnouncement] = useState('');
  const dragged = useRef<number>();
  // Problems with the list as a whole; those of an item are on its row.
  const listError = errors[path];

  const nameOf = (ref: string) =>
    picked.get(ref)?.name ??
    described.value?.get(ref)?.name ??
    parseEntityRef(ref).name;
  const unknown = (ref: string) =>
    described.value !== undefined &&
    !described.value.has(ref) &&
    !picked.has(ref);

  const move = (from: number, to: number) => {
    if (to < 0 || to >= refs.length || from === to) return;
    onChange(moved(refs, from, to));
    setAnnouncement(
      `${nameOf(refs[from])} moved to position ${to + 1} of ${refs.length}`,
    );
  };

  return (
    <div>
      <Typography variant="subtitle2" id={`${id}-label`}>
        {label}
      </Typography>
      {refs.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          Nobody yet.
        </Typography>
      ) : (
        <List dense component="ol" aria-labelledby={`${id}-label`}>
          {refs.map((ref, index) => {
            const name = nameOf(ref);
            const problem =
              errors[`${path}.${index}`] ??
              (unknown(ref)
                ? `${ref} is not in the catalog: nobody would be rung`
                : undefined);
            return (
              <ListItem
                key={ref}
                component="li"
                divider
                draggable={!disabled}
                onDragStart={event => {
                  dragged.current = index;
                  event.dataTransfer.effectAllowed = 'move';
                  event.dataTransfer.setData('text/plain', ref);
                }}
                onDragOver={event => event.preventDefault()}
                onDrop={event => {
                  event.preventDefault();
                  if (dragged.current !== undefined) {
                    move(dragged.current, index);
                  }
                  dragged.current = undefined;
                }}
              >
                <ListItemIcon
                  title="Drag to reorder"
                  style={{ cursor: disabled ? undefined : 'grab' }}
                >
                  <DragIndicatorIcon aria-hidden />
                </ListItemIcon>
                <ListItemText
                  primary={`${index + 1}. ${name}`}
                  secondary={problem ?? kindLabelOf(ref)}
                  secondaryTypographyProps={
                    problem ? { color: 'error' } : undefined
                  }
                />
                <IconButton
                  aria-label={`Move ${name} up`}
                  disabled={disabled || index === 0}
                  onClick={() => move(index, index - 1)}
                >
                  <ArrowUpwardIcon />
                </IconButton>
                <IconButton
                  aria-label={`Move ${name} down`}
                  disabled={disabled || index === refs.length - 1}
                  onClick={() => move(index, index + 1)}
                >
                  <ArrowDownwardIcon />
                </IconButton>
                <IconButton
                  aria-label={`Remove ${name}`}
                  disabled={disabled}
                  onClick={() => onChange(refs.filter(r => r !== ref))}
                >
                  <DeleteIcon />
                </IconButton>
              </ListItem>
            );
          })}
        </List>
      )}
      <span aria-live="polite" style={visuallyHidden}>
        {announcement}
      </span>
      {listError && <FormHelperText error>{listError}</FormHelperText>}
      <Box mt={1}>
        <RecipientSearch
          id={`${id}-search`}
          label={`Add to ${label.toLocaleLowerCase('en-US')} by name`}
          chosen={refs}
          disabled={disabled}
          onPick={recipient => {
            setPicked(known => new Map(known).set(recipient.ref, recipient));
            onChange([...refs, recipient.ref]);
          }}
        />
        <FormHelperText>{hint}</FormHelperText>
      </Box>
    </div>
  );
}
