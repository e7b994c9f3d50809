import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';

/** A user as the picker lists them: their ref and the name people know. */
export interface PickedUser {
  ref: string;
  displayName: string;
}

const searchedFields = [
  'metadata.name',
  'metadata.title',
  'spec.profile.displayName',
];

function pickedUser(entity: Entity): PickedUser {
  const profile = (entity.spec?.profile ?? {}) as { displayName?: string };
  return {
    ref: stringifyEntityRef(entity),
    displayName:
      profile.displayName ?? entity.metadata.title ?? entity.metadata.name,
  };
}

/** Finds a catalog user by name as the reader types. */
export function UserPicker(props: {
  value: PickedUser | null;
  onChange: (user: PickedUser | null) => void;
  error?: boolean;
  helperText?: string;
}) {
  const { value, onChange, error, helperText } = props;
  const catalogApi = useApi(catalogApiRef);
  const [input, setInput] = useState('');
  const [term, setTerm] = useState('');
  useDebounce(() => setTerm(input), 250, [input]);
  const users = useAsync(async () => {
    const { items } = await catalogApi.queryEntities({
      filter: { kind: 'User' },
      fullTextFilter: { term, fields: searchedFields },
      limit: 20,
    });
    return items.map(pickedUser);
  }, [catalogApi, term]);

  return (
    <Autocomplete
      id="incoming-call-override-user"
      options={users.value ?? []}
      loading={users.loading}
      value={value}
      getOptionLabel={user => user.displayName}
      getOptionSelected={(option, selected) => option.ref === selected.ref}
      // The catalog filters already.
      filterOptions={options => options}
      inputValue={input}
      onInputChange={(_event, text) => setInput(text)}
      onChange={(_event, user) => onChange(user)}
      renderInput={params => (
        <TextField
          {...params}
          label="User"
          placeholder="Type a name"
          error={error || Boolean(users.error)}
          helperText={users.error ? users.error.message : helperText}
        />
      )}
    />
  );
}
