import { useRouteRef } from '@backstage/core-plugin-api';
import { alertRouteRef } from '../../routes';

/**
 * The link to an alert's own page, or undefined in an app without the
 * Alerts page (a legacy app that did not mount `IncomingCallAlertsPage`).
 */
export function useAlertLink(): ((alertId: string) => string) | undefined {
  let route: ((params: { id: string }) => string) | undefined;
  try {
    // Called on every render, in the same order: it throws, after its own
    // hooks ran, when the app has no path for the ref.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    route = useRouteRef(alertRouteRef);
  } catch {
    route = undefined;
  }
  const link = route;
  return link && (id => link({ id }));
}
