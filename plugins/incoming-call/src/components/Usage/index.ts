export { UsageAndAnalytics } from './UsageAndAnalytics';
