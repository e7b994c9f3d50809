export { BrowserPickup } from './BrowserPickup';
