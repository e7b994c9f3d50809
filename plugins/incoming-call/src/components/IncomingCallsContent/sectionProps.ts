import type { IntegrationConfig } from '@icr/plugin-incoming-call-common';
import type { FieldErrors } from './fieldErrors';

/** What every part of the editor gets: the draft, a way to change it, and its problems. */
export interface SectionProps {
  config: IntegrationConfig;
  onChange: (change: (config: IntegrationConfig) => IntegrationConfig) => void;
  errors: FieldErrors;
  disabled: boolean;
}
