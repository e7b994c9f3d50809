import type { Language } from '@icr/plugin-incoming-call-common';
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';

/**
 * The Twilio `<Say>` voice for each language: custom text and built-in
 * prompts are spoken with it.
 */
export const VOICES: Record<
  Language,
  NonNullable<VoiceResponse.SayAttributes['voice']>
> = {
  'en-US': 'Polly.Joanna',
  'en-GB': 'Polly.Amy',
  'de-DE': 'Polly.Vicki',
  'fr-FR': 'Polly.Lea',
  'es-ES': 'Polly.Lucia',
  'it-IT': 'Polly.Bianca',
  'pt-BR': 'Polly.Camila',
  'nl-NL': 'Polly.Lotte',
  'sv-SE': 'Polly.Astrid',
  'ja-JP': 'Polly.Mizuki',
};

/** Built-in prompts, translated. */
export const PROMPTS: Record<'notInService', Record<Language, string>> = {
  notInService: {
    'en-US': 'This number is not in service. Goodbye.',
    'en-GB': 'This number is not in service. Goodbye.',
    'de-DE': 'Diese Nummer ist nicht in Betrieb. Auf Wiederhören.',
    'fr-FR': "Ce numéro n'est pas en service. Au revoir.",
    'es-ES': 'Este número no está en servicio. Adiós.',
    'it-IT': 'Questo numero non è attivo. Arrivederci.',
    'pt-BR': 'Este número não está em serviço. Até logo.',
    'nl-NL': 'Dit nummer is niet in gebruik. Tot ziens.',
    'sv-SE': 'Det här numret är inte i bruk. Hej då.',
    'ja-JP': 'この番号は現在使われておりません。失礼いたします。',
  },
};
