export {
  IncomingCallsTabProvider,
  useIncomingCallsTab,
  type IncomingCallsTab,
} from './IncomingCallsTab';
