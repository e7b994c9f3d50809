export { TestCallPanel } from './TestCallPanel';
