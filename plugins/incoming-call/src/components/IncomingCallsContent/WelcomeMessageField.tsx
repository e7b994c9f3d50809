import { MessageField } from './MessageField';
import type { SectionProps } from './sectionProps';

export function WelcomeMessageField({
  config,
  onChange,
  errors,
  disabled,
  audio,
}: SectionProps) {
  return (
    <MessageField
      id="incoming-call-welcome-message"
      label="Welcome message"
      path="welcome"
      hint="What every caller hears first, spoken in the language above"
      message={config.welcome}
      errors={errors}
      disabled={disabled}
      audio={audio}
      // The welcome is never left out, so it is never null.
      onChange={welcome => welcome && onChange(c => ({ ...c, welcome }))}
    />
  );
}
