import type { IntegrationConfig } from '@icr/plugin-incoming-call-common';
import type { FieldErrors } from './fieldErrors';
import type { AudioLibrary } from './useAudioLibrary';

/**
 * What every part of the editor gets: the draft, a way to change it, its
 * problems, and the team's audio files for the messages.
 */
export interface SectionProps {
  config: IntegrationConfig;
  onChange: (change: (config: IntegrationConfig) => IntegrationConfig) => void;
  errors: FieldErrors;
  disabled: boolean;
  audio: AudioLibrary;
}
