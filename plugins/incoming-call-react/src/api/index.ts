export * from './IncomingCallApi';
