import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import Autocomplete from '@material-ui/lab/Autocomplete';
import {
  type AvailableNumber,
  formatPhoneNumber,
  type NumberCountry,
  type NumberType,
} from '@icr/plugin-incoming-call-common';
import {
  incomingCallApiRef,
  type TeamRef,
} from '@icr/plugin-incoming-call-react';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { flagOf, formatMoney, numberErrorText } from './phoneNumberText';

const TYPE_LABELS: Record<NumberType, string> = {
  local: 'Local',
  'toll-free': 'Toll-free',
  mobile: 'Mobile',
};

function Capabilities(props: { number: AvailableNumber }) {
  const { voice, sms, mms } = props.number.capabilities;
  const offered = [voice && 'Voice', sms && 'SMS', mms && 'MMS'].filter(
    (name): name is string => Boolean(name),
  );
  return (
    <>
      {offered.map(name => (
        <Box component="span" mr={0.5} key={name}>
          <Chip size="small" label={name} />
        </Box>
      ))}
    </>
  );
}

/**
 * Finds numbers the provider sells: a country from the list it serves, a
 * type the country has, an optional area code or digits; each result with
 * its capabilities and monthly price, to pick for buying on save.
 */
export function NumberSearch(props: {
  team: TeamRef;
  /** Numbers already in the integration, not offered again. */
  chosen: string[];
  disabled: boolean;
  onPick: (number: AvailableNumber) => void;
}) {
  const { team, chosen, disabled, onPick } = props;
  const api = useApi(incomingCallApiRef);
  const countries = useAsync(() => api.listNumberCountries(), [api]);
  const [country, setCountry] = useState<NumberCountry | null>(null);
  const [type, setType] = useState<NumberType>('local');
  const [areaCode, setAreaCode] = useState('');
  const [contains, setContains] = useState('');
  const types = country?.types ?? [];
  const searchedType = types.includes(type) ? type : types[0];

  const [search, runSearch] = useAsyncFn(
    async (code: string, numberType: NumberType) =>
      api.searchAvailableNumbers(team, {
        country: code,
        type: numberType,
        areaCode: areaCode.trim() || undefined,
        contains: contains.trim() || undefined,
      }),
    [api, team, areaCode, contains],
  );
  const results = (search.value ?? []).filter(
    found => !chosen.includes(found.number),
  );

  if (countries.error) {
    return (
      <Alert severity="error">
        The countries to buy numbers in could not be read:{' '}
        {numberErrorText(countries.error)}
      </Alert>
    );
  }
  return (
    <Box
      component="form"
      aria-label="Find a number to buy"
      onSubmit={event => {
        event.preventDefault();
        if (country && searchedType) runSearch(country.code, searchedType);
      }}
    >
      <Box display="flex" flexWrap="wrap" alignItems="flex-start">
        <Box width={240} mr={1} mb={1}>
          <Autocomplete
            id="incoming-call-number-country"
            options={countries.value ?? []}
            loading={countries.loading}
            value={country}
            disabled={disabled}
            onChange={(_event, picked) => setCountry(picked)}
            getOptionLabel={option => `${flagOf(option.code)} ${option.name}`}
            getOptionSelected={(option, picked) => option.code === picked.code}
            renderInput={params => (
              <TextField
                {...params}
                label="Country"
                placeholder="Type a name"
              />
            )}
          />
        </Box>
        <Box width={140} mr={1} mb={1}>
          <TextField
            id="incoming-call-number-type"
            select
            SelectProps={{ native: true }}
            fullWidth
            label="Type"
            value={searchedType ?? ''}
            disabled={disabled || !country}
            onChange={e => setType(e.target.value as NumberType)}
          >
            {types.map(offered => (
              <option key={offered} value={offered}>
                {TYPE_LABELS[offered]}
              </option>
            ))}
          </TextField>
        </Box>
        <Box width={120} mr={1} mb={1}>
          <TextField
            id="incoming-call-number-area-code"
            label="Area code"
            fullWidth
            value={areaCode}
            disabled={disabled}
            inputProps={{ inputMode: 'numeric' }}
            onChange={e => setAreaCode(e.target.value)}
          />
        </Box>
        <Box width={140} mr={1} mb={1}>
          <TextField
            id="incoming-call-number-contains"
            label="Digits"
            helperText="e.g. 555"
            fullWidth
            value={contains}
            disabled={disabled}
            onChange={e => setContains(e.target.value)}
          />
        </Box>
        <Box mt={1.5}>
          <Button
            type="submit"
            variant="outlined"
            disabled={disabled || !country || search.loading}
          >
            Search numbers
          </Button>
        </Box>
      </Box>
      {search.error && (
        <Alert severity="error">{numberErrorText(search.error)}</Alert>
      )}
      {search.value && results.length === 0 && (
        <Typography variant="body2" color="textSecondary" role="status">
          No {TYPE_LABELS[searchedType ?? 'local'].toLowerCase()} numbers match.
          Try without an area code or digits.
        </Typography>
      )}
      {results.length > 0 && (
        <Table size="small" aria-label="Numbers to buy">
          <TableHead>
            <TableRow>
              <TableCell>Number</TableCell>
              <TableCell>Where</TableCell>
              <TableCell>Capabilities</TableCell>
              <TableCell align="right">Per month</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {results.map(found => (
              <TableRow key={found.number}>
                <TableCell>{formatPhoneNumber(found.number)}</TableCell>
                <TableCell>
                  {[found.locality, found.region].filter(Boolean).join(', ') ||
                    TYPE_LABELS[found.type]}
                </TableCell>
                <TableCell>
                  <Capabilities number={found} />
                </TableCell>
                <TableCell align="right">
                  {formatMoney(found.monthlyPrice)}
                </TableCell>
                <TableCell align="right">
                  <Button
                    size="small"
                    color="primary"
                    disabled={disabled}
                    aria-label={`Choose ${formatPhoneNumber(found.number)}`}
                    onClick={() => onPick(found)}
                  >
                    Choose
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
