import { Header, Page } from '@backstage/core-components';
import { AlertsRouter } from './AlertsRouter';

/** The Alerts page with a header, for the legacy frontend system. */
export function LegacyAlertsPage() {
  return (
    <Page themeId="tool">
      <Header title="Alerts" subtitle="Calls to every team you may read" />
      <AlertsRouter />
    </Page>
  );
}
