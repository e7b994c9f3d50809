import { usePermission } from '@backstage/plugin-permission-react';
import {
  type AudioFile,
  defaultIntegrationConfig,
  type Integration,
  NO_INTEGRATION_VERSION,
} from '@icr/plugin-incoming-call-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TeamRef } from '@icr/plugin-incoming-call-react';
import {
  mockIncomingCallApi,
  responseError,
} from '../../__testUtils__/renderForTeam';
import { renderEditorForTeam } from './__testUtils__/renderEditor';

// Typing into MUI fields is slow on a loaded 2-core CI machine.
jest.setTimeout(20_000);

jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: jest.fn(),
}));

const usePermissionMock = usePermission as jest.MockedFunction<
  typeof usePermission
>;

const team = { namespace: 'default', name: 'platform' };
const defaults = defaultIntegrationConfig({
  ref: 'group:default/platform',
  title: 'Platform',
});

const audioFile = (id: string, name: string): AudioFile => ({
  id,
  teamRef: 'group:default/platform',
  name,
  format: name.endsWith('.mp3') ? 'mp3' : 'wav',
  contentType: name.endsWith('.mp3') ? 'audio/mpeg' : 'audio/wav',
  size: 48_000,
  createdAt: '2024-05-01T10:00:00Z',
  createdBy: 'user:default/ana',
});
const music = audioFile('music-1', 'music.mp3');

/** Saves as the backend would: the config comes back stored. */
const saving = async (
  _team: TeamRef,
  config: Integration['config'],
  editedVersion: number,
): Promise<Integration> => ({
  id: 'integration-1',
  teamRef: 'group:default/platform',
  config,
  version: editedVersion + 1,
  createdAt: '2024-05-01T10:00:00Z',
  updatedAt: '2024-05-02T10:00:00Z',
  updatedBy: 'user:default/ana',
});

const saveButton = () => screen.getByRole('button', { name: 'Save' });
const welcomeChoice = () =>
  within(
    screen.getByRole('radiogroup', {
      name: 'Welcome message: how it is played',
    }),
  );

describe('audio in the integration editor', () => {
  beforeEach(() => {
    usePermissionMock.mockReturnValue({ loading: false, allowed: true });
  });

  it('uploads a welcome file, plays it, and saves the choice', async () => {
    const welcome = audioFile('welcome-1', 'welcome.mp3');
    const api = mockIncomingCallApi({
      uploadAudio: jest.fn().mockResolvedValue(welcome),
      saveIntegration: jest.fn(saving),
    });
    await renderEditorForTeam(api);

    await userEvent.click(welcomeChoice().getByLabelText('Audio file'));
    expect(screen.queryByLabelText('Welcome message')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Welcome message file')).toHaveValue('');
    expect(saveButton()).toBeDisabled();

    const file = new File(['ID3'], 'welcome.mp3', { type: 'audio/mpeg' });
    const input = screen.getByLabelText('Upload welcome message file');
    expect(input).toHaveAttribute('accept', '.mp3,.wav,.gsm,.aif,.aiff,.ulaw');
    await userEvent.upload(input, file);

    expect(api.uploadAudio).toHaveBeenCalledWith(team, file);
    await waitFor(() =>
      expect(screen.getByLabelText('Welcome message file')).toHaveValue(
        'welcome-1',
      ),
    );
    expect(
      screen.getAllByText('welcome.mp3 (MP3, 47 KiB)').length,
    ).toBeGreaterThan(0);
    await userEvent.click(saveButton());

    expect(await screen.findByText('Saved')).toBeInTheDocument();
    expect(api.saveIntegration).toHaveBeenCalledWith(
      team,
      {
        ...defaults,
        welcome: { type: 'audio', audioId: 'welcome-1' },
      },
      NO_INTEGRATION_VERSION,
    );
  });

  it('keeps the spoken text when switching to a file and back', async () => {
    const api = mockIncomingCallApi({
      listAudio: jest.fn().mockResolvedValue([music]),
    });
    await renderEditorForTeam(api);
    expect(await screen.findByText('music.mp3')).toBeInTheDocument();

    await userEvent.click(welcomeChoice().getByLabelText('Audio file'));
    // An uploaded file is chosen straight away.
    expect(screen.getByLabelText('Welcome message file')).toHaveValue(
      'music-1',
    );
    await userEvent.click(welcomeChoice().getByLabelText('Spoken text'));
    expect(screen.getByLabelText('Welcome message')).toHaveValue(
      defaults.welcome.type === 'text' ? defaults.welcome.text : '',
    );
  });

  it('shows why the server refused an upload', async () => {
    const api = mockIncomingCallApi({
      uploadAudio: jest
        .fn()
        .mockRejectedValueOnce(
          await responseError(400, {
            name: 'InputError',
            message:
              'Upload a .mp3, .wav, .gsm, .aif or .ulaw file; this one (logo.mp3) is a PNG image',
          }),
        )
        .mockRejectedValueOnce(
          await responseError(413, {
            name: 'UploadTooLargeError',
            message: 'Audio uploads are limited to 5 MiB; this file is 6.2 MiB',
          }),
        ),
    });
    await renderEditorForTeam(api);
    await userEvent.click(welcomeChoice().getByLabelText('Audio file'));
    const input = screen.getByLabelText('Upload welcome message file');

    await userEvent.upload(input, new File(['png'], 'logo.mp3'));
    expect(
      await screen.findByText(
        'Upload a .mp3, .wav, .gsm, .aif or .ulaw file; this one (logo.mp3) is a PNG image',
      ),
    ).toBeInTheDocument();

    await userEvent.upload(input, new File(['big'], 'big.wav'));
    expect(
      await screen.findByText(
        'Audio uploads are limited to 5 MiB; this file is 6.2 MiB',
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Welcome message file')).toHaveValue('');
  });

  it('plays an uploaded file as hold music and as the voicemail prompt', async () => {
    const api = mockIncomingCallApi({
      listAudio: jest.fn().mockResolvedValue([music]),
      saveIntegration: jest.fn(saving),
    });
    await renderEditorForTeam(api);
    expect(await screen.findByText('music.mp3')).toBeInTheDocument();

    const holdMusic = within(
      screen.getByRole('radiogroup', { name: 'Hold music' }),
    );
    expect(holdMusic.getByLabelText('Default music')).toBeChecked();
    await userEvent.click(holdMusic.getByLabelText('Audio file'));
    expect(screen.getByLabelText('Hold music file')).toHaveValue('music-1');

    const voicemail = within(
      screen.getByRole('radiogroup', {
        name: 'Voicemail prompt: how it is played',
      }),
    );
    expect(voicemail.getByLabelText('Built-in prompt')).toBeChecked();
    await userEvent.click(voicemail.getByLabelText('Audio file'));
    await userEvent.click(saveButton());

    expect(await screen.findByText('Saved')).toBeInTheDocument();
    expect(api.saveIntegration).toHaveBeenCalledWith(
      team,
      {
        ...defaults,
        holdMusic: { audioId: 'music-1' },
        voicemail: {
          enabled: true,
          prompt: { type: 'audio', audioId: 'music-1' },
        },
      },
      NO_INTEGRATION_VERSION,
    );
  });

  it('lists the uploads and says why one that is still played cannot be deleted', async () => {
    const api = mockIncomingCallApi({
      listAudio: jest.fn().mockResolvedValue([music]),
      deleteAudio: jest.fn().mockRejectedValue(
        await responseError(409, {
          name: 'ConflictError',
          message:
            'music.mp3 is still played as the hold music of Platform hotline: choose something else there and save before deleting it',
        }),
      ),
    });
    await renderEditorForTeam(api);

    expect(await screen.findByText('music.mp3')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Delete music.mp3' }),
    );

    expect(api.deleteAudio).toHaveBeenCalledWith(team, 'music-1');
    expect(
      await screen.findByText(/music.mp3 is still played as the hold music/),
    ).toBeInTheDocument();
    expect(screen.getByText('music.mp3')).toBeInTheDocument();
  });

  it('takes a deleted file off the list', async () => {
    const api = mockIncomingCallApi({
      listAudio: jest.fn().mockResolvedValue([music]),
      deleteAudio: jest.fn().mockResolvedValue(undefined),
    });
    await renderEditorForTeam(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete music.mp3' }),
    );

    await waitFor(() =>
      expect(screen.queryByText('music.mp3')).not.toBeInTheDocument(),
    );
  });
});
