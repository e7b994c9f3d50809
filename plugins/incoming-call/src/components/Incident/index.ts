export { IncidentBanner } from './IncidentBanner';
export { StatusMessageCard } from './StatusMessageCard';
export { useOutageState } from './useOutageState';
export { MyTeamsIncidentBanners } from './MyTeamsIncidentBanners';
export { IncidentCalls } from './IncidentCalls';
