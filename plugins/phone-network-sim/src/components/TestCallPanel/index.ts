export { TestCallPanel } from './TestCallPanel';
export { TabTestCallPanel } from './TabTestCallPanel';
