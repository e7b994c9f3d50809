import {
  defaultIntegrationConfig,
  type IntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GeneralSection } from './GeneralSection';
import type { AudioLibrary } from './useAudioLibrary';

describe('GeneralSection', () => {
  it('offers the suggested welcome and menu texts in the language chosen', async () => {
    let config = defaultIntegrationConfig({
      ref: 'group:default/platform',
      title: 'Platform',
    });
    render(
      <GeneralSection
        config={config}
        onChange={change => {
          config = change(config);
        }}
        errors={{}}
        disabled={false}
        audio={{} as AudioLibrary}
      />,
    );

    await userEvent.selectOptions(screen.getByLabelText('Language'), 'fr-FR');

    expect(config).toMatchObject<Partial<IntegrationConfig>>({
      language: 'fr-FR',
      welcome: {
        type: 'text',
        text: "Vous êtes bien sur la ligne de support Platform. Veuillez patienter, nous vous mettons en relation avec l'ingénieur d'astreinte.",
      },
    });
    expect(config.autoAttendant.prompt).toEqual({
      type: 'text',
      text: 'Appuyez sur 1 pour le support technique.',
    });
  });
});
