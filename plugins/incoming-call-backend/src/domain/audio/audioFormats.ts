import type { AudioFormat } from '@icr/plugin-incoming-call-common';

interface FormatInfo {
  /** How people call it: "MP3 audio". */
  label: string;
  /** The extensions a file of this format is named with. */
  extensions: string[];
  /** One of the types Twilio's `<Play>` accepts. */
  contentType: string;
  /** Why content is not of this format, for error messages. */
  notRecognised: string;
}

/** The formats an upload may be in, as Twilio plays them. */
export const AUDIO_FORMAT_INFO: Record<AudioFormat, FormatInfo> = {
  mp3: {
    label: 'MP3 audio',
    extensions: ['.mp3'],
    contentType: 'audio/mpeg',
    notRecognised:
      'it starts with neither an ID3 tag nor an MPEG layer III frame',
  },
  wav: {
    label: 'WAV audio',
    extensions: ['.wav'],
    contentType: 'audio/wav',
    notRecognised: 'it has no RIFF header of type WAVE',
  },
  gsm: {
    label: 'GSM 06.10 audio',
    extensions: ['.gsm'],
    contentType: 'audio/x-gsm',
    notRecognised:
      'it is not made of 33-byte GSM 06.10 frames, each starting with the nibble 0xD',
  },
  aiff: {
    label: 'AIFF audio',
    extensions: ['.aif', '.aiff'],
    contentType: 'audio/aiff',
    notRecognised: 'it has no FORM header of type AIFF or AIFC',
  },
  ulaw: {
    label: 'raw μ-law audio',
    extensions: ['.ulaw'],
    contentType: 'audio/ulaw',
    notRecognised: 'it looks like another kind of file',
  },
};

/** The format a file name promises, by its extension (case-insensitive). */
export function formatOfName(name: string): AudioFormat | undefined {
  const lower = name.toLowerCase();
  return (Object.keys(AUDIO_FORMAT_INFO) as AudioFormat[]).find(format =>
    AUDIO_FORMAT_INFO[format].extensions.some(ext => lower.endsWith(ext)),
  );
}
