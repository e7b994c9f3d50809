export * from './IncomingCallApi';
export { IncomingCallClient } from './IncomingCallClient';
