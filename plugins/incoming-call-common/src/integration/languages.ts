/**
 * Languages the built-in prompts are translated into. The key is the
 * BCP 47 tag Twilio's `<Say language>` takes.
 *
 * @public
 */
export const LANGUAGES = {
  'en-US': 'English (US)',
  'en-GB': 'English (UK)',
  'de-DE': 'German',
  'fr-FR': 'French',
  'es-ES': 'Spanish',
  'it-IT': 'Italian',
  'pt-BR': 'Portuguese (Brazil)',
  'nl-NL': 'Dutch',
  'sv-SE': 'Swedish',
  'ja-JP': 'Japanese',
} as const;

/** @public */
export type Language = keyof typeof LANGUAGES;

/** @public */
export const LANGUAGE_CODES = Object.keys(LANGUAGES) as [
  Language,
  ...Language[],
];
