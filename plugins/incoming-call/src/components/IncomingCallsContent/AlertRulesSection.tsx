import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import ArrowDownwardIcon from '@material-ui/icons/ArrowDownward';
import ArrowUpwardIcon from '@material-ui/icons/ArrowUpward';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  ALERT_PRIORITIES,
  ALERT_RULE_COUNTRIES,
  type AlertRule,
  DEFAULT_ALERT_PRIORITY,
  MAX_ALERT_RULES,
  describeAlertRuleActions,
  isE164,
  matchAlertRule,
} from '@icr/plugin-incoming-call-common';
import { useState } from 'react';
import { errorProps, type FieldErrors, firstErrorWithin } from './fieldErrors';
import { RecipientPicker } from './RecipientPicker';
import type { SectionProps } from './sectionProps';

type Match = AlertRule['match'];

const MATCH_LABELS: Record<Match['type'], string> = {
  number: 'Exact number',
  prefix: 'Prefix',
  country: 'Country',
};

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });
const COUNTRY_OPTIONS = [...ALERT_RULE_COUNTRIES]
  .map(code => ({ code, name: countryNames.of(code) ?? code }))
  .sort((a, b) => a.name.localeCompare(b.name));

const newRule = (count: number): AlertRule => ({
  name: `Rule ${count + 1}`,
  match: { type: 'prefix', value: '' },
  actions: { tags: [], extraRecipients: [], notify: true },
});

/** The match of another type, keeping a number typed for the one before. */
function matchOfType(match: Match, type: Match['type']): Match {
  if (type === 'country') {
    return { type, country: match.type === 'country' ? match.country : '' };
  }
  return { type, value: match.type === 'country' ? '' : match.value };
}

/** What a call from `caller` would get, in words. */
function previewOf(rules: readonly AlertRule[], caller: string): string {
  const number = caller.replace(/[\s().-]/g, '');
  if (!isE164(number)) {
    return 'Enter a number in E.164 form, e.g. +14155550100, to see which rule it matches.';
  }
  const matched = matchAlertRule(rules, number);
  return matched
    ? `A call from ${caller} would be ${describeAlertRuleActions(
        matched.rule,
      )} (rule '${matched.rule.name}')`
    : `A call from ${caller} matches no rule: ${DEFAULT_ALERT_PRIORITY}, no tags`;
}

function TagsField(props: {
  id: string;
  tags: string[];
  onChange: (tags: string[]) => void;
  errors: FieldErrors;
  path: string;
  disabled: boolean;
}) {
  const { id, tags, onChange, errors, path, disabled } = props;
  const [input, setInput] = useState('');
  const add = () => {
    const tag = input.trim().toLowerCase();
    if (tag && !tags.includes(tag)) onChange([...tags, tag]);
    setInput('');
  };
  const problem = firstErrorWithin(errors, path);
  return (
    <div>
      <Box display="flex" alignItems="flex-start">
        <TextField
          id={id}
          label="Add a tag"
          fullWidth
          value={input}
          disabled={disabled}
          error={Boolean(problem)}
          helperText={problem ?? 'e.g. vip; press Enter to add it'}
          onChange={e => setInput(e.target.value)}
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
            Add tag
          </Button>
        </Box>
      </Box>
      <Box mt={1} aria-label="Tags" role="list">
        {tags.map(tag => (
          <Box component="span" mr={1} key={tag} role="listitem">
            <Chip
              size="small"
              label={tag}
              disabled={disabled}
              onDelete={() => onChange(tags.filter(t => t !== tag))}
            />
          </Box>
        ))}
      </Box>
    </div>
  );
}

function AlertRuleEditor(props: {
  index: number;
  count: number;
  rule: AlertRule;
  onChange: (rule: AlertRule) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
  errors: FieldErrors;
  disabled: boolean;
}) {
  const { index, count, rule, onChange, onMove, onRemove, errors, disabled } =
    props;
  const path = `alertRules.${index}`;
  const id = `incoming-call-alert-rule-${index}`;
  const { match, actions } = rule;
  const setActions = (change: Partial<AlertRule['actions']>) =>
    onChange({ ...rule, actions: { ...actions, ...change } });

  return (
    <Box
      component="li"
      mb={2}
      pl={2}
      borderLeft={2}
      borderColor="divider"
      aria-label={`Rule ${index + 1}: ${rule.name}`}
    >
      <Box display="flex" alignItems="flex-start">
        <Box flexGrow={1} mr={1}>
          <TextField
            id={`${id}-name`}
            label={`Rule ${index + 1} name`}
            fullWidth
            value={rule.name}
            disabled={disabled}
            onChange={e => onChange({ ...rule, name: e.target.value })}
            {...errorProps(errors, [`${path}.name`, path])}
          />
        </Box>
        <IconButton
          aria-label={`Move rule ${index + 1} up`}
          disabled={disabled || index === 0}
          onClick={() => onMove(index - 1)}
        >
          <ArrowUpwardIcon />
        </IconButton>
        <IconButton
          aria-label={`Move rule ${index + 1} down`}
          disabled={disabled || index === count - 1}
          onClick={() => onMove(index + 1)}
        >
          <ArrowDownwardIcon />
        </IconButton>
        <IconButton
          aria-label={`Remove rule ${index + 1}`}
          disabled={disabled}
          onClick={onRemove}
        >
          <DeleteIcon />
        </IconButton>
      </Box>
      <Grid container spacing={2}>
        <Grid item xs={12} sm={4}>
          <TextField
            id={`${id}-match-type`}
            label="Match the caller's"
            select
            SelectProps={{ native: true }}
            fullWidth
            value={match.type}
            disabled={disabled}
            onChange={e =>
              onChange({
                ...rule,
                match: matchOfType(match, e.target.value as Match['type']),
              })
            }
            {...errorProps(errors, `${path}.match.type`)}
          >
            {Object.entries(MATCH_LABELS).map(([type, label]) => (
              <option key={type} value={type}>
                {label}
              </option>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} sm={8}>
          {match.type === 'country' ? (
            <TextField
              id={`${id}-country`}
              label="Country"
              select
              SelectProps={{ native: true }}
              fullWidth
              value={match.country}
              disabled={disabled}
              onChange={e =>
                onChange({
                  ...rule,
                  match: { type: 'country', country: e.target.value },
                })
              }
              {...errorProps(
                errors,
                `${path}.match.country`,
                'Where the number is from, by its country code and, for +1, its area code',
              )}
            >
              <option value="">Choose a country</option>
              {COUNTRY_OPTIONS.map(({ code, name }) => (
                <option key={code} value={code}>
                  {name} ({code})
                </option>
              ))}
            </TextField>
          ) : (
            <TextField
              id={`${id}-value`}
              label={match.type === 'prefix' ? 'Prefix' : 'Number'}
              fullWidth
              value={match.value}
              disabled={disabled}
              onChange={e =>
                onChange({
                  ...rule,
                  match: { type: match.type, value: e.target.value },
                })
              }
              {...errorProps(
                errors,
                `${path}.match.value`,
                match.type === 'prefix'
                  ? 'Numbers that start with it, e.g. +1415555 or +1415555*'
                  : 'One number in E.164, e.g. +14155550100',
              )}
            />
          )}
        </Grid>
        <Grid item xs={12} sm={4}>
          <TextField
            id={`${id}-priority`}
            label="Priority"
            select
            SelectProps={{ native: true }}
            fullWidth
            value={actions.priority ?? ''}
            disabled={disabled}
            onChange={e => {
              const value = e.target.value as AlertRule['actions']['priority'];
              setActions({ priority: value || undefined });
            }}
            {...errorProps(errors, `${path}.actions.priority`)}
          >
            <option value="">Default ({DEFAULT_ALERT_PRIORITY})</option>
            {ALERT_PRIORITIES.map(priority => (
              <option key={priority} value={priority}>
                {priority}
              </option>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} sm={8}>
          <TagsField
            id={`${id}-tag`}
            tags={actions.tags}
            onChange={tags => setActions({ tags })}
            errors={errors}
            path={`${path}.actions.tags`}
            disabled={disabled}
          />
        </Grid>
        <Grid item xs={12}>
          <RecipientPicker
            id={`${id}-recipients`}
            label={`Rule ${index + 1} extra recipients`}
            path={`${path}.actions.extraRecipients`}
            refs={actions.extraRecipients}
            onChange={extraRecipients => setActions({ extraRecipients })}
            errors={errors}
            disabled={disabled}
            hint="Rung, and notified, after everyone the call's own plan rings."
          />
        </Grid>
        <Grid item xs={12}>
          <FormControlLabel
            label="Notify the people the call is routed to"
            disabled={disabled}
            control={
              <Switch
                checked={actions.notify}
                onChange={e => setActions({ notify: e.target.checked })}
              />
            }
          />
        </Grid>
      </Grid>
    </Box>
  );
}

/**
 * The integration's alert rules, in order: the first whose number, prefix
 * or country matches a caller sets their alert's priority and tags, adds
 * recipients, or mutes notifications; with a preview of a caller.
 */
export function AlertRulesSection({
  config,
  onChange,
  errors,
  disabled,
}: SectionProps) {
  // Integrations saved before alert rules existed have none stored.
  const rules = config.alertRules ?? [];
  const [caller, setCaller] = useState('+1 415 555 0100');
  const setRules = (change: (rules: AlertRule[]) => AlertRule[]) =>
    onChange(c => ({ ...c, alertRules: change(c.alertRules ?? []) }));

  return (
    <div>
      <Typography variant="body2" color="textSecondary" paragraph>
        Rules are tried in order; the first that matches the caller's number
        decides. Calls no rule matches are {DEFAULT_ALERT_PRIORITY} with no
        tags. Withheld numbers match no rule.
      </Typography>
      {rules.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No alert rules.
        </Typography>
      ) : (
        <Box component="ol" p={0} aria-label="Alert rules">
          {rules.map((rule, index) => (
            <AlertRuleEditor
              key={index}
              index={index}
              count={rules.length}
              rule={rule}
              errors={errors}
              disabled={disabled}
              onChange={changed =>
                setRules(all => all.map((r, i) => (i === index ? changed : r)))
              }
              onMove={to =>
                setRules(all => {
                  const next = [...all];
                  const [moved] = next.splice(index, 1);
                  next.splice(to, 0, moved);
                  return next;
                })
              }
              onRemove={() =>
                setRules(all => all.filter((_, i) => i !== index))
              }
            />
          ))}
        </Box>
      )}
      {errors.alertRules && (
        <FormHelperText error>{errors.alertRules}</FormHelperText>
      )}
      <Box mt={1} mb={3}>
        <Button
          variant="outlined"
          disabled={disabled || rules.length >= MAX_ALERT_RULES}
          onClick={() => setRules(all => [...all, newRule(all.length)])}
        >
          Add a rule
        </Button>
      </Box>
      <TextField
        id="incoming-call-alert-rules-preview"
        label="A call from"
        value={caller}
        onChange={e => setCaller(e.target.value)}
      />
      <Typography variant="body2" role="status" style={{ marginTop: 8 }}>
        {previewOf(rules, caller.trim())}
      </Typography>
    </div>
  );
}
