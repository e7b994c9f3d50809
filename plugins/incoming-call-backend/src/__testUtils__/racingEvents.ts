/**
 * The two events whose order nobody controls: the recording callback
 * (`voicemail`) and the caller's status callback (`call-ended`) are two
 * webhooks Twilio sends at about the same time, in either order.
 */
const RACING = ['voicemail', 'call-ended'];

/**
 * A timeline's event types with the racing pair put in the order
 * `expected` has them: the other events keep their places and order, and
 * the pair must both be there (as a set) for the result to equal
 * `expected`. Compare with `toEqual(expected)`.
 */
export function inExpectedOrder(events: string[], expected: string[]) {
  const order = expected.filter(type => RACING.includes(type));
  const racing = events.filter(type => RACING.includes(type));
  if ([...racing].sort().join() !== [...order].sort().join()) return events;
  let next = 0;
  return events.map(type => (RACING.includes(type) ? order[next++] : type));
}

/** Both racing events are on the timeline. */
export const bothArrived = (events: string[]) =>
  RACING.every(type => events.includes(type));
