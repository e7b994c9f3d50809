export {
  BrowserPhoneBlueprint,
  IncomingCallsPanelBlueprint,
  browserPhoneDataRef,
  type BrowserPhoneProvision,
} from './blueprints';
