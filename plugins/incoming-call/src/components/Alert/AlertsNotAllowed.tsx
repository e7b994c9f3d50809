import { EmptyState } from '@backstage/core-components';

/**
 * Why a user sees no alerts where the backend refused them (403): alerts
 * carry callers' phone numbers, so only some people may read them.
 */
export function AlertsNotAllowed(props: { who: string }) {
  return (
    <EmptyState
      missing="info"
      title="You can't see these call alerts"
      description={`${props.who} Alerts carry the callers' phone numbers. Ask the team to add you, or your Backstage admins to open reading to everyone.`}
    />
  );
}
