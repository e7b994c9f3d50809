import { EmptyState } from '@backstage/core-components';

export function CallAlertsEmptyState() {
  return (
    <EmptyState
      missing="data"
      title="No calls yet"
      description="Every call to one of the team's phone numbers creates an alert here, with each step of the call: who was dialled, who answered or acknowledged it, and whether the caller left a voicemail."
    />
  );
}
