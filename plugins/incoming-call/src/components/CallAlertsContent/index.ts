export { CallAlertsContent } from './CallAlertsContent';
