export * from './IncomingCallApi';
export { IncomingCallClient } from './IncomingCallClient';
export * from './SimulatedCall';
