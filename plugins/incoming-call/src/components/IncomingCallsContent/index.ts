export { IncomingCallsContent } from './IncomingCallsContent';
