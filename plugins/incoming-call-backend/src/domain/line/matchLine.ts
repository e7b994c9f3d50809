import type { Want } from './lineEntry';

/** A caller seeking a responder, in line order. */
export interface SeekingCaller {
  callSid: string;
  wants: Want[];
}

/**
 * The callers to wake now: walking the line first come first served, each
 * caller gets the first responder they want who is free and not yet given
 * to a caller ahead of them. Pure.
 */
export function matchLine(
  line: SeekingCaller[],
  busy: ReadonlySet<string>,
): { callSid: string; userRef: string }[] {
  const given = new Set(busy);
  const matches: { callSid: string; userRef: string }[] = [];
  for (const caller of line) {
    const free = caller.wants.find(want => !given.has(want.userRef));
    if (free) {
      given.add(free.userRef);
      matches.push({ callSid: caller.callSid, userRef: free.userRef });
    }
  }
  return matches;
}

/**
 * The responders a caller may not take: busy ones, and those the line
 * gives to callers ahead of them (see `matchLine`). Pure.
 */
export function unavailableTo(
  callSid: string,
  line: SeekingCaller[],
  busy: ReadonlySet<string>,
): Set<string> {
  // A caller not in the line yet comes after everyone in it.
  const at = line.findIndex(caller => caller.callSid === callSid);
  const ahead = at === -1 ? line : line.slice(0, at);
  const unavailable = new Set(busy);
  for (const { userRef } of matchLine(ahead, busy)) unavailable.add(userRef);
  return unavailable;
}
