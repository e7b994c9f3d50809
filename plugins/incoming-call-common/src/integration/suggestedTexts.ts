import type { IntegrationConfig } from './integrationConfig';
import { LANGUAGE_CODES, type Language } from './languages';

/** The texts a new integration suggests, in one language. */
interface SuggestedTexts {
  welcome: (teamTitle: string) => string;
  menuPrompt: string;
}

const ENGLISH: SuggestedTexts = {
  welcome: team =>
    `You have reached the ${team} support line. Please hold while we connect you to the engineer on call.`,
  menuPrompt: 'Press 1 for technical support.',
};

/** The suggested welcome and menu prompt in each language, to be spoken by its voice. */
const SUGGESTED_TEXTS: Record<Language, SuggestedTexts> = {
  'en-US': ENGLISH,
  'en-GB': ENGLISH,
  'de-DE': {
    welcome: team =>
      `Sie haben die Support-Hotline von ${team} erreicht. Bitte bleiben Sie dran, wir verbinden Sie mit der Rufbereitschaft.`,
    menuPrompt: 'Drücken Sie die 1 für den technischen Support.',
  },
  'fr-FR': {
    welcome: team =>
      `Vous êtes bien sur la ligne de support ${team}. Veuillez patienter, nous vous mettons en relation avec l'ingénieur d'astreinte.`,
    menuPrompt: 'Appuyez sur 1 pour le support technique.',
  },
  'es-ES': {
    welcome: team =>
      `Ha llamado a la línea de soporte de ${team}. Espere, por favor, mientras le comunicamos con el ingeniero de guardia.`,
    menuPrompt: 'Pulse 1 para soporte técnico.',
  },
  'it-IT': {
    welcome: team =>
      `Ha raggiunto la linea di supporto di ${team}. Resti in linea, la mettiamo in contatto con il tecnico reperibile.`,
    menuPrompt: 'Prema 1 per il supporto tecnico.',
  },
  'pt-BR': {
    welcome: team =>
      `Você ligou para a linha de suporte de ${team}. Aguarde enquanto conectamos você ao engenheiro de plantão.`,
    menuPrompt: 'Pressione 1 para suporte técnico.',
  },
  'nl-NL': {
    welcome: team =>
      `U bent verbonden met de supportlijn van ${team}. Een moment geduld, we verbinden u door met de dienstdoende engineer.`,
    menuPrompt: 'Druk op 1 voor technische ondersteuning.',
  },
  'sv-SE': {
    welcome: team =>
      `Du har kommit till supportlinjen för ${team}. Vänta medan vi kopplar dig till jourhavande tekniker.`,
    menuPrompt: 'Tryck 1 för teknisk support.',
  },
  'ja-JP': {
    welcome: team =>
      `${team}のサポート窓口です。担当のエンジニアにおつなぎしますので、そのままお待ちください。`,
    menuPrompt: '技術サポートは1を押してください。',
  },
};

/** The suggested welcome for a team, in a language. */
export const suggestedWelcome = (language: Language, teamTitle: string) =>
  SUGGESTED_TEXTS[language].welcome(teamTitle);

/** The suggested menu prompt, in a language. */
export const suggestedMenuPrompt = (language: Language) =>
  SUGGESTED_TEXTS[language].menuPrompt;

/** The team a text is the suggested welcome for, in any language; else undefined. */
function teamOfSuggestedWelcome(text: string): string | undefined {
  const marker = '\u0000';
  for (const language of LANGUAGE_CODES) {
    const [before, after] = suggestedWelcome(language, marker).split(marker);
    if (
      text.length > before.length + after.length &&
      text.startsWith(before) &&
      text.endsWith(after)
    ) {
      return text.slice(before.length, text.length - after.length);
    }
  }
  return undefined;
}

/**
 * The config in another language. The suggested welcome and menu prompt,
 * while nobody has changed them, follow into it (so that a German voice
 * does not read the English suggestion); texts the team wrote stay.
 *
 * @public
 */
export function withLanguage(
  config: IntegrationConfig,
  language: Language,
): IntegrationConfig {
  const { welcome, autoAttendant } = config;
  const team =
    welcome.type === 'text' ? teamOfSuggestedWelcome(welcome.text) : undefined;
  const { prompt } = autoAttendant;
  const suggestedPrompt =
    prompt.type === 'text' &&
    LANGUAGE_CODES.some(l => suggestedMenuPrompt(l) === prompt.text);
  return {
    ...config,
    language,
    welcome:
      team === undefined
        ? welcome
        : { type: 'text', text: suggestedWelcome(language, team) },
    autoAttendant: suggestedPrompt
      ? {
          ...autoAttendant,
          prompt: { type: 'text', text: suggestedMenuPrompt(language) },
        }
      : autoAttendant,
  };
}
