export * from './BrowserPhone';
export * from './browserPhoneApi';
