export { IncomingCallsContent } from './IncomingCallsContent';
export { useIncomingCallsTab, type IncomingCallsTab } from './IncomingCallsTab';
