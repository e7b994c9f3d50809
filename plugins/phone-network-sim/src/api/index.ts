export * from './PhoneNetworkApi';
export { PhoneNetworkClient } from './PhoneNetworkClient';
