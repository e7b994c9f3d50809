import type { AudioFormat } from '@icr/plugin-incoming-call-common';
import { AUDIO_FORMAT_INFO, formatOfName } from './audioFormats';
import { sniffAudio } from './sniffAudio';

const ALLOWED = 'Upload a .mp3, .wav, .gsm, .aif or .ulaw file';

export type UploadCheck =
  | { ok: true; format: AudioFormat }
  | { ok: false; message: string };

const mismatch = (name: string, declared: string, actual: AudioFormat) => {
  const { label, extensions } = AUDIO_FORMAT_INFO[actual];
  return `${name} holds ${label}, not ${declared}: rename it to ${extensions[0]} and upload it again`;
};

/**
 * Whether an upload is audio Twilio can play, in the format its name
 * promises: the name decides how the file is served, and the content must
 * agree with it. Pure.
 */
export function checkAudioUpload(name: string, bytes: Uint8Array): UploadCheck {
  if (bytes.length === 0) {
    return { ok: false, message: `${name} is empty` };
  }
  const declared = formatOfName(name);
  const content = sniffAudio(bytes);

  if (content.kind === 'other') {
    return {
      ok: false,
      message: `${ALLOWED}; this one (${name}) is ${content.description}`,
    };
  }
  if (!declared) {
    return {
      ok: false,
      message:
        content.kind === 'audio'
          ? `${ALLOWED}; this one is named ${name} but holds ${
              AUDIO_FORMAT_INFO[content.format].label
            }: rename it to ${AUDIO_FORMAT_INFO[content.format].extensions[0]}`
          : `${ALLOWED}; this one is named ${name}`,
    };
  }
  const { label, notRecognised } = AUDIO_FORMAT_INFO[declared];
  if (declared === 'ulaw') {
    // Raw μ-law cannot be recognised, only told apart from everything else.
    // A WAV file of μ-law samples is fine too: its header says how to play it.
    if (content.kind === 'unknown') return { ok: true, format: 'ulaw' };
    if (content.format === 'wav' && content.muLaw) {
      return { ok: true, format: 'wav' };
    }
    return { ok: false, message: mismatch(name, label, content.format) };
  }
  if (content.kind === 'unknown') {
    return {
      ok: false,
      message: `${ALLOWED}; this one is named ${name} but is not ${label}: ${notRecognised}`,
    };
  }
  if (content.format !== declared) {
    return { ok: false, message: mismatch(name, label, content.format) };
  }
  return { ok: true, format: declared };
}
