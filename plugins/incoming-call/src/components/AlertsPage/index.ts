export { AlertsRouter } from './AlertsRouter';
export { LegacyAlertsPage } from './LegacyAlertsPage';
