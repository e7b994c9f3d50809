import { stringifyEntityRef } from '@backstage/catalog-model';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormHelperText from '@material-ui/core/FormHelperText';
import IconButton from '@material-ui/core/IconButton';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemSecondaryAction from '@material-ui/core/ListItemSecondaryAction';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import Alert from '@material-ui/lab/Alert';
import {
  formatPhoneNumber,
  incomingCallNumberManagePermission,
  type PhoneNumberEntry,
} from '@icr/plugin-incoming-call-common';
import type { TeamRef } from '@icr/plugin-incoming-call-react';
import { useState } from 'react';
import { firstErrorWithin } from './fieldErrors';
import { NumberSearch } from './NumberSearch';
import type { NumberPicks } from './numberPicks';
import { OwnedNumberList } from './OwnedNumberList';
import { flagOf, formatMoney } from './phoneNumberText';
import type { SectionProps } from './sectionProps';

/** What happens to a number on save, or what it is now. */
function sourceText(entry: PhoneNumberEntry, picks: NumberPicks): string {
  switch (entry.source) {
    case 'buy': {
      const price = picks.get(entry.number)?.monthlyPrice;
      return price
        ? `Bought when you save, ${formatMoney(price)} a month`
        : 'Bought when you save';
    }
    case 'attach':
      return 'Attached when you save';
    case 'purchased':
      return 'Bought for this integration: released when it is deleted';
    default:
      return "The account's own number: its settings are restored when the integration is deleted";
  }
}

interface PhoneNumbersSectionProps extends SectionProps {
  team: TeamRef;
  picks: NumberPicks;
  onPick: Parameters<typeof NumberSearch>[0]['onPick'];
}

/**
 * The integration's numbers, and finding more: buy one the provider sells
 * in a chosen country (bought on save), or attach one the account has.
 */
export function PhoneNumbersSection(props: PhoneNumbersSectionProps) {
  const { config, onChange, errors, disabled, team, picks, onPick } = props;
  const [adding, setAdding] = useState<'buy' | 'attach'>();
  const manage = usePermission({
    permission: incomingCallNumberManagePermission,
    resourceRef: stringifyEntityRef({ kind: 'Group', ...team }),
  });
  const chosen = config.numbers.map(entry => entry.number);
  const add = (entry: PhoneNumberEntry) =>
    onChange(c => ({ ...c, numbers: [...c.numbers, entry] }));
  const remove = (index: number) =>
    onChange(c => ({ ...c, numbers: c.numbers.filter((_, i) => i !== index) }));
  const stillBilled =
    !config.enabled &&
    config.numbers.some(
      entry => entry.source === 'purchased' || entry.source === 'attached',
    );

  return (
    <div>
      {config.numbers.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          The team has no phone numbers yet, so no calls reach it.
        </Typography>
      ) : (
        <List dense aria-label="Phone numbers">
          {config.numbers.map((entry, index) => {
            const problem = firstErrorWithin(errors, `numbers.${index}`);
            return (
              <ListItem key={entry.number}>
                <ListItemText
                  primary={`${flagOf(entry.country)} ${formatPhoneNumber(
                    entry.number,
                  )}`}
                  secondary={problem ?? sourceText(entry, picks)}
                  secondaryTypographyProps={
                    problem ? { color: 'error' } : undefined
                  }
                />
                <ListItemSecondaryAction>
                  <IconButton
                    edge="end"
                    aria-label={`Remove ${formatPhoneNumber(entry.number)}`}
                    disabled={disabled}
                    onClick={() => remove(index)}
                  >
                    <DeleteIcon />
                  </IconButton>
                </ListItemSecondaryAction>
              </ListItem>
            );
          })}
        </List>
      )}
      {stillBilled && (
        <Alert severity="warning">
          The integration is off: its numbers are kept and still billed, and
          callers hear that the number is not in service. Delete the integration
          to release them.
        </Alert>
      )}
      {errors.numbers && (
        <FormHelperText error>{errors.numbers}</FormHelperText>
      )}
      {!manage.loading && !manage.allowed ? (
        <Box mt={1}>
          <Typography variant="body2" color="textSecondary">
            You may not buy or attach numbers for this team; its owners can.
          </Typography>
        </Box>
      ) : (
        <Box mt={1}>
          <Button
            variant={adding === 'buy' ? 'contained' : 'outlined'}
            disabled={disabled || manage.loading}
            aria-pressed={adding === 'buy'}
            onClick={() => setAdding(adding === 'buy' ? undefined : 'buy')}
          >
            Buy a number
          </Button>{' '}
          <Button
            variant={adding === 'attach' ? 'contained' : 'outlined'}
            disabled={disabled || manage.loading}
            aria-pressed={adding === 'attach'}
            onClick={() =>
              setAdding(adding === 'attach' ? undefined : 'attach')
            }
          >
            Attach a number you have
          </Button>
        </Box>
      )}
      {adding === 'buy' && (
        <Box mt={2}>
          <NumberSearch
            team={team}
            chosen={chosen}
            disabled={disabled}
            onPick={found => {
              onPick(found);
              add({
                number: found.number,
                country: found.country,
                source: 'buy',
              });
            }}
          />
        </Box>
      )}
      {adding === 'attach' && (
        <Box mt={2}>
          <OwnedNumberList
            team={team}
            chosen={chosen}
            disabled={disabled}
            onAttach={owned => add({ ...owned, source: 'attach' })}
          />
        </Box>
      )}
    </div>
  );
}
