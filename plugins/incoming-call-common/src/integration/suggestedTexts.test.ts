import { defaultIntegrationConfig } from './integrationConfig';
import { LANGUAGE_CODES } from './languages';
import { withLanguage } from './suggestedTexts';

const platform = defaultIntegrationConfig({
  ref: 'group:default/platform',
  title: 'Platform',
});

describe('withLanguage', () => {
  it('offers the suggested welcome and menu prompt in the new language', () => {
    const german = withLanguage(platform, 'de-DE');
    expect(german.language).toBe('de-DE');
    expect(german.welcome).toEqual({
      type: 'text',
      text: 'Sie haben die Support-Hotline von Platform erreicht. Bitte bleiben Sie dran, wir verbinden Sie mit der Rufbereitschaft.',
    });
    expect(german.autoAttendant.prompt).toEqual({
      type: 'text',
      text: 'Drücken Sie die 1 für den technischen Support.',
    });
    // From one translation to the next, and back.
    expect(withLanguage(withLanguage(german, 'ja-JP'), 'en-US')).toEqual(
      platform,
    );
  });

  it('has a suggestion of its own in every language but the two Englishes', () => {
    const welcomes = LANGUAGE_CODES.map(language => {
      const config = withLanguage(platform, language);
      expect(config.welcome.type === 'text' && config.welcome.text).toContain(
        'Platform',
      );
      return JSON.stringify([config.welcome, config.autoAttendant.prompt]);
    });
    expect(new Set(welcomes).size).toBe(LANGUAGE_CODES.length - 1);
  });

  it('keeps the texts the team wrote', () => {
    const own = {
      ...platform,
      welcome: { type: 'text' as const, text: 'Platform on call, hello.' },
      autoAttendant: {
        ...platform.autoAttendant,
        prompt: { type: 'audio' as const, audioId: 'menu-1' },
      },
    };
    expect(withLanguage(own, 'fr-FR')).toEqual({ ...own, language: 'fr-FR' });
  });
});
