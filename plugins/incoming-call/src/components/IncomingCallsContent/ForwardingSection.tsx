import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormHelperText from '@material-ui/core/FormHelperText';
import IconButton from '@material-ui/core/IconButton';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import Alert from '@material-ui/lab/Alert';
import {
  FORWARDING_EVENT_KINDS,
  type ForwardingDestination,
  type ForwardingDestinationStatus,
  type ForwardingEventKind,
  type Integration,
  MAX_FORWARDING_DESTINATIONS,
} from '@icr/plugin-incoming-call-common';
import {
  incomingCallApiRef,
  type TeamRef,
} from '@icr/plugin-incoming-call-react';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { errorProps } from './fieldErrors';
import type { SectionProps } from './sectionProps';

const KIND_LABELS: Record<ForwardingEventKind, string> = {
  created: 'New alert',
  acknowledged: 'Acknowledged',
  closed: 'Closed',
  reopened: 'Reopened',
  voicemail: 'Voicemail',
  note: 'Note',
};

/** A destination as the editor adds it: every event, its URL to fill in. */
function newDestination(
  type: ForwardingDestination['type'],
): ForwardingDestination {
  const base = {
    id: crypto.randomUUID(),
    events: [...FORWARDING_EVENT_KINDS],
  };
  return type === 'slack'
    ? { ...base, type, name: 'Slack channel', webhookUrl: '' }
    : { ...base, type, name: 'HTTP endpoint', url: '' };
}

/** How deliveries go, in one line; undefined before any. */
function statusLine(status: ForwardingDestinationStatus | undefined) {
  if (!status) return undefined;
  const { pending, delivered, failed, lastError, lastDeliveredAt } = status;
  const parts = [
    `${delivered} delivered`,
    ...(pending > 0 ? [`${pending} waiting`] : []),
    ...(failed > 0 ? [`${failed} given up after every retry`] : []),
  ];
  // An error older than the last delivery is over.
  const failing =
    lastError && (!lastDeliveredAt || lastError.at > lastDeliveredAt);
  return {
    text: parts.join(' · '),
    error: failing
      ? `Last error ${new Date(lastError.at).toLocaleString()}: ${
          lastError.message
        }`
      : undefined,
  };
}

/** An integration saved before forwarding existed has no `forwarding`. */
const destinationsOf = (config: SectionProps['config']) =>
  config.forwarding?.destinations ?? [];

interface ForwardingSectionProps extends SectionProps {
  team: TeamRef;
  /** The integration as stored: the answer of the last save, with its new secrets. */
  saved: Integration | undefined;
}

/**
 * Where the team's alert events go: Slack channels and HTTP endpoints
 * (the events service gets them all anyway). An HTTP endpoint's signing
 * secret is made by the backend on save and shown once, here.
 */
export function ForwardingSection(props: ForwardingSectionProps) {
  const { config, onChange, errors, disabled, team, saved } = props;
  const api = useApi(incomingCallApiRef);
  const destinations = destinationsOf(config);
  /** The save whose secrets were shown and closed. */
  const [secretsSeenOf, setSecretsSeenOf] = useState<Integration>();
  const [copied, setCopied] = useState<string>();
  const secrets =
    saved && saved !== secretsSeenOf ? saved.forwardingSecrets ?? [] : [];

  const { value: status } = useAsync(async () => {
    if (!saved) return undefined;
    const answer = await api.getForwardingStatus(team);
    return new Map(answer.destinations.map(d => [d.destinationId, d]));
  }, [api, team, saved]);

  const update = (index: number, change: Partial<ForwardingDestination>) =>
    onChange(c => ({
      ...c,
      forwarding: {
        destinations: destinationsOf(c).map((d, i) =>
          i === index ? ({ ...d, ...change } as ForwardingDestination) : d,
        ),
      },
    }));
  const add = (type: ForwardingDestination['type']) =>
    onChange(c => ({
      ...c,
      forwarding: {
        destinations: [...destinationsOf(c), newDestination(type)],
      },
    }));
  const remove = (id: string) =>
    onChange(c => ({
      ...c,
      forwarding: {
        destinations: destinationsOf(c).filter(d => d.id !== id),
      },
    }));

  const copy = async (secret: string) => {
    await navigator.clipboard.writeText(secret);
    setCopied(secret);
  };

  return (
    <div>
      <Typography variant="body2" color="textSecondary" paragraph>
        Alert events (a new alert, acknowledged, closed, reopened, a voicemail,
        a note) go to these destinations, and to Backstage&apos;s events service
        (topic incoming-call.alert) for other plugins. A destination that is
        down is retried, with growing waits, until it is back.
      </Typography>
      {destinations.map((destination, index) => {
        const path = `forwarding.destinations.${index}`;
        const fieldId = `incoming-call-forwarding-${destination.id}`;
        const line = statusLine(status?.get(destination.id));
        return (
          <Paper
            key={destination.id}
            variant="outlined"
            component="section"
            aria-label={`Destination ${destination.name}`}
          >
            <Box p={2} mb={2}>
              <Box display="flex" alignItems="flex-start">
                <Box flexGrow={1} mr={1}>
                  <TextField
                    id={`${fieldId}-name`}
                    label={
                      destination.type === 'slack'
                        ? 'Slack channel name'
                        : 'HTTP endpoint name'
                    }
                    fullWidth
                    value={destination.name}
                    disabled={disabled}
                    onChange={e => update(index, { name: e.target.value })}
                    {...errorProps(errors, `${path}.name`)}
                  />
                </Box>
                <IconButton
                  aria-label={`Remove ${destination.name}`}
                  disabled={disabled}
                  onClick={() => remove(destination.id)}
                >
                  <DeleteIcon />
                </IconButton>
              </Box>
              {destination.type === 'slack' ? (
                <TextField
                  id={`${fieldId}-url`}
                  label="Slack incoming webhook URL"
                  fullWidth
                  margin="normal"
                  value={destination.webhookUrl}
                  disabled={disabled}
                  onChange={e => update(index, { webhookUrl: e.target.value })}
                  {...errorProps(
                    errors,
                    `${path}.webhookUrl`,
                    'Kept secret: shown masked once saved. One message per alert, and one for each later event.',
                  )}
                />
              ) : (
                <TextField
                  id={`${fieldId}-url`}
                  label="Endpoint URL"
                  fullWidth
                  margin="normal"
                  value={destination.url}
                  disabled={disabled}
                  onChange={e => update(index, { url: e.target.value })}
                  {...errorProps(
                    errors,
                    `${path}.url`,
                    destination.secretSet
                      ? 'Signed with its secret (X-Incoming-Call-Signature); the secret was shown when it was added.'
                      : 'Signed JSON is POSTed here; its signing secret is shown once, when you save.',
                  )}
                />
              )}
              <FormGroup row aria-label={`Events sent to ${destination.name}`}>
                {FORWARDING_EVENT_KINDS.map(kind => (
                  <FormControlLabel
                    key={kind}
                    label={KIND_LABELS[kind]}
                    disabled={disabled}
                    control={
                      <Checkbox
                        checked={destination.events.includes(kind)}
                        onChange={e =>
                          update(index, {
                            events: e.target.checked
                              ? FORWARDING_EVENT_KINDS.filter(
                                  k =>
                                    k === kind ||
                                    destination.events.includes(k),
                                )
                              : destination.events.filter(k => k !== kind),
                          })
                        }
                      />
                    }
                  />
                ))}
              </FormGroup>
              {errors[`${path}.events`] && (
                <FormHelperText error>
                  {errors[`${path}.events`]}
                </FormHelperText>
              )}
              {line && (
                <Box mt={1}>
                  <Typography variant="body2" color="textSecondary">
                    {line.text}
                  </Typography>
                  {line.error && <Alert severity="error">{line.error}</Alert>}
                </Box>
              )}
            </Box>
          </Paper>
        );
      })}
      {errors['forwarding.destinations'] && (
        <FormHelperText error>
          {errors['forwarding.destinations']}
        </FormHelperText>
      )}
      <Box display="flex" mt={1}>
        <Box mr={1}>
          <Button
            variant="outlined"
            disabled={
              disabled || destinations.length >= MAX_FORWARDING_DESTINATIONS
            }
            onClick={() => add('slack')}
          >
            Add Slack channel
          </Button>
        </Box>
        <Button
          variant="outlined"
          disabled={
            disabled || destinations.length >= MAX_FORWARDING_DESTINATIONS
          }
          onClick={() => add('http')}
        >
          Add HTTP endpoint
        </Button>
      </Box>
      <Dialog
        open={secrets.length > 0}
        aria-labelledby="incoming-call-forwarding-secret-title"
      >
        <DialogTitle id="incoming-call-forwarding-secret-title">
          Signing secret
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            Copy it now: it is not shown again. The endpoint checks each
            request&apos;s X-Incoming-Call-Signature with it.
          </DialogContentText>
          {secrets.map(({ destinationId, secret }) => {
            const name =
              destinations.find(d => d.id === destinationId)?.name ??
              'HTTP endpoint';
            return (
              <Box
                key={destinationId}
                display="flex"
                alignItems="center"
                mb={1}
              >
                <TextField
                  id={`incoming-call-forwarding-secret-${destinationId}`}
                  label={`Secret of ${name}`}
                  fullWidth
                  value={secret}
                  InputProps={{ readOnly: true }}
                />
                <Box ml={1}>
                  <Button onClick={() => copy(secret)}>
                    {copied === secret ? 'Copied' : 'Copy'}
                  </Button>
                </Box>
              </Box>
            );
          })}
        </DialogContent>
        <DialogActions>
          <Button color="primary" onClick={() => setSecretsSeenOf(saved)}>
            I have copied it
          </Button>
        </DialogActions>
      </Dialog>
    </div>
  );
}
