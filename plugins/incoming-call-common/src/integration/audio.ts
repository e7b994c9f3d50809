import type { IntegrationConfig } from './integrationConfig';

/**
 * The audio formats Twilio's `<Play>` takes, as stored after an upload.
 *
 * @public
 */
export const AUDIO_FORMATS = ['mp3', 'wav', 'gsm', 'aiff', 'ulaw'] as const;

/** @public */
export type AudioFormat = (typeof AUDIO_FORMATS)[number];

/**
 * The file name extensions an audio upload may have (for a file input's
 * `accept`). The content must match the extension.
 *
 * @public
 */
export const AUDIO_FILE_EXTENSIONS = [
  '.mp3',
  '.wav',
  '.gsm',
  '.aif',
  '.aiff',
  '.ulaw',
] as const;

/**
 * An uploaded audio file of a team, without its bytes.
 *
 * @public
 */
export interface AudioFile {
  id: string;
  teamRef: string;
  /** The file name it was uploaded with. */
  name: string;
  format: AudioFormat;
  contentType: string;
  /** In bytes. */
  size: number;
  createdAt: string;
  createdBy: string;
}

/**
 * Where a config plays an uploaded file: the field (`welcome.audioId`), the
 * audio file, and what the caller hears it as.
 *
 * @public
 */
export interface AudioUse {
  path: string;
  audioId: string;
  as: string;
}

/** Every uploaded file a config plays, in the order the caller meets them. @public */
export function audioUsesOf(config: IntegrationConfig): AudioUse[] {
  const candidates: Array<{
    path: string;
    as: string;
    audioId: string | undefined;
  }> = [
    {
      path: 'welcome.audioId',
      as: 'the welcome message',
      audioId:
        config.welcome.type === 'audio' ? config.welcome.audioId : undefined,
    },
    {
      path: 'autoAttendant.prompt.audioId',
      as: 'the menu prompt',
      audioId:
        config.autoAttendant.prompt.type === 'audio'
          ? config.autoAttendant.prompt.audioId
          : undefined,
    },
    {
      path: 'holdMusic.audioId',
      as: 'the hold music',
      audioId: config.holdMusic?.audioId,
    },
    {
      path: 'voicemail.prompt.audioId',
      as: 'the voicemail prompt',
      audioId:
        config.voicemail.prompt?.type === 'audio'
          ? config.voicemail.prompt.audioId
          : undefined,
    },
  ];
  return candidates.flatMap(({ audioId, ...use }) =>
    audioId ? [{ ...use, audioId }] : [],
  );
}
