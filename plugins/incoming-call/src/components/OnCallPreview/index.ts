export { OnCallPreview } from './OnCallPreview';
