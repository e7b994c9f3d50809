export { LinePanel } from './LinePanel';
