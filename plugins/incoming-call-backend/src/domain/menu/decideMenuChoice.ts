import type { Integration } from '@icr/plugin-incoming-call-common';

/** What a key pressed in the auto-attendant leads to. */
export type MenuChoice =
  | {
      kind: 'option';
      option: Integration['config']['autoAttendant']['options'][number];
    }
  /**
   * Not an option, or nothing pressed (`noInput`): the caller is asked
   * once more.
   */
  | { kind: 'retry'; noInput: boolean }
  /** Not an option (or nothing), the second time: the call ends. */
  | { kind: 'give-up'; noInput: boolean };

/**
 * The auto-attendant's answer to a key (empty when the caller pressed
 * nothing). `*` is the option for any key that matches no other, and for
 * no key at all: pressing nothing is not a wrong key. Pure.
 */
export function decideMenuChoice(
  menu: Integration['config']['autoAttendant'],
  digits: string,
  attempt: number,
): MenuChoice {
  const option =
    menu.options.find(o => digits !== '' && o.key === digits) ??
    menu.options.find(o => o.key === '*');
  if (option) return { kind: 'option', option };
  const noInput = digits === '';
  return attempt < 2
    ? { kind: 'retry', noInput }
    : { kind: 'give-up', noInput };
}
