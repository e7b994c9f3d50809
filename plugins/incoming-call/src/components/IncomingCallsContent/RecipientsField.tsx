import { RecipientPicker } from './RecipientPicker';
import type { SectionProps } from './sectionProps';

export function RecipientsField({
  config,
  onChange,
  errors,
  disabled,
}: SectionProps) {
  return (
    <RecipientPicker
      id="incoming-call-recipients"
      label="Recipients"
      path="recipients"
      refs={config.recipients}
      onChange={recipients => onChange(c => ({ ...c, recipients }))}
      errors={errors}
      disabled={disabled}
      hint="Users, teams (whoever the team has on call), schedules and escalations, dialled in this order."
    />
  );
}
