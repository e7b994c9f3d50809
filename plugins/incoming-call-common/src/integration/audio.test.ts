import { audioUsesOf } from './audio';
import { defaultIntegrationConfig } from './integrationConfig';

const config = defaultIntegrationConfig({
  ref: 'group:default/platform',
  title: 'Platform',
});

describe('audioUsesOf', () => {
  it('finds nothing in a config that only speaks text', () => {
    expect(audioUsesOf(config)).toEqual([]);
  });

  it('names every field that plays an uploaded file', () => {
    expect(
      audioUsesOf({
        ...config,
        welcome: { type: 'audio', audioId: 'a1' },
        autoAttendant: {
          ...config.autoAttendant,
          prompt: { type: 'audio', audioId: 'a2' },
        },
        holdMusic: { audioId: 'a1' },
        voicemail: { enabled: false, prompt: { type: 'audio', audioId: 'a3' } },
      }),
    ).toEqual([
      { path: 'welcome.audioId', as: 'the welcome message', audioId: 'a1' },
      {
        path: 'autoAttendant.prompt.audioId',
        as: 'the menu prompt',
        audioId: 'a2',
      },
      { path: 'holdMusic.audioId', as: 'the hold music', audioId: 'a1' },
      {
        path: 'voicemail.prompt.audioId',
        as: 'the voicemail prompt',
        audioId: 'a3',
      },
    ]);
  });
});
