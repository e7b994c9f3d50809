export { AlertBody } from './AlertBody';
export { AlertCaller } from './AlertCaller';
export { AlertPriority } from './AlertPriority';
export { AlertStatusChip } from './AlertStatusChip';
export { AlertsNotAllowed } from './AlertsNotAllowed';
export { PersonName } from './PersonName';
export {
  alertOutcomeLabel,
  callerWaiting,
  formatDuration,
  outcomeLabel,
} from './alertText';
export { formatTime } from './formatTime';
export { isForbidden } from './forbidden';
export { useAlertLink } from './useAlertLink';
