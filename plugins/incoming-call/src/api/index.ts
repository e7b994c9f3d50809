export { IncomingCallClient } from './IncomingCallClient';
