import { Link } from '@backstage/core-components';
import type { Alert } from '@icr/plugin-incoming-call-common';
import { useAlertLink } from './useAlertLink';

/**
 * Who called: the caller's number or, for an incident (its calls folded
 * under it in the lists), how many calls it holds, linked to its page,
 * which lists them.
 */
export function AlertCaller(props: { alert: Alert }) {
  const { alert } = props;
  const linkTo = useAlertLink();
  if (alert.childCount === undefined) return <>{alert.callerNumber}</>;
  const text =
    alert.childCount === 1
      ? 'Incident: 1 call'
      : `Incident: ${alert.childCount} calls`;
  return linkTo ? <Link to={linkTo(alert.id)}>{text}</Link> : <>{text}</>;
}
