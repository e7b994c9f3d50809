import type { Integration } from '@icr/plugin-incoming-call-common';

/** What a key pressed in the auto-attendant leads to. */
export type MenuChoice =
  | {
      kind: 'option';
      option: Integration['config']['autoAttendant']['options'][number];
    }
  /** Not an option: the caller is asked once more. */
  | { kind: 'retry' }
  /** Not an option, the second time: the call ends. */
  | { kind: 'give-up' };

/**
 * The auto-attendant's answer to a key (empty when the caller pressed
 * nothing). `*` is the option for any key that matches no other. Pure.
 */
export function decideMenuChoice(
  menu: Integration['config']['autoAttendant'],
  digits: string,
  attempt: number,
): MenuChoice {
  if (digits !== '') {
    const option =
      menu.options.find(o => o.key === digits) ??
      menu.options.find(o => o.key === '*');
    if (option) return { kind: 'option', option };
  }
  return attempt < 2 ? { kind: 'retry' } : { kind: 'give-up' };
}
