import { ResponseError } from '@backstage/errors';
import type { IntegrationChange } from '@icr/plugin-incoming-call-common';
import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';

/** The change a 409 answer says came first, if the error is one. */
export function integrationChangeOf(
  error: unknown,
): IntegrationChange | undefined {
  if (!ResponseError.is(error) || error.statusCode !== 409) {
    return undefined;
  }
  const { change } = error.body.error as { change?: IntegrationChange };
  return change?.version !== undefined ? change : undefined;
}

/**
 * Someone saved the integration while this editor had it open: say who and
 * when, and let the user take their version or replace it.
 */
export function SaveConflict(props: {
  change: IntegrationChange;
  busy: boolean;
  onReload: () => void;
  onOverwrite: () => void;
}) {
  const { change, busy, onReload, onOverwrite } = props;
  const who = change.updatedByName ?? change.updatedBy;
  return (
    <Alert
      severity="warning"
      action={
        <>
          <Button color="inherit" disabled={busy} onClick={onReload}>
            Reload their version
          </Button>
          <Button color="inherit" disabled={busy} onClick={onOverwrite}>
            Overwrite with mine
          </Button>
        </>
      }
    >
      <AlertTitle>Changed by someone else</AlertTitle>
      {who} saved this integration at{' '}
      {new Date(change.updatedAt).toLocaleString()}, after you opened it. Reload
      to see their version (your changes are discarded), or overwrite it with
      yours.
    </Alert>
  );
}
