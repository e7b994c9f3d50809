/**
 * A test call to place with `POST /api/phone-network/calls`.
 *
 * @public
 */
export interface TestCallInput {
  from: string;
  to: string;
  /** The keys the caller presses at successive menu prompts. */
  keys?: string[];
  /** Length of the message left when asked to record, in seconds. */
  voicemailSeconds?: number;
  /** The caller hangs up this long after the call starts. */
  hangUpAfterSeconds?: number;
}

/**
 * How a responder's phone behaves when the network rings it, by the names
 * the test-call API takes: `confirm` answers and presses 1; `ring` rings
 * until answered by hand or the ring timeout (a responder who ignores it);
 * `voicemail-box` answers and never presses anything; `no-answer` is
 * unreachable.
 *
 * @public
 */
export type TestPhoneBehaviour =
  | 'confirm'
  | 'ring'
  | 'busy'
  | 'voicemail-box'
  | 'no-answer';

/**
 * The body of `PUT /api/phone-network/phones/:number`: a behaviour, and for
 * a phone that answers (`confirm`, `voicemail-box`) how: `afterSeconds`
 * rings first; for `confirm` only, `then` are the keys pressed at the later
 * prompts of the call (one each, e.g. "1" at the next-caller offer after a
 * bridge) and `talkSeconds` hangs up that long after each bridge to a caller.
 *
 * @public
 */
export interface TestPhoneSetting {
  behaviour: TestPhoneBehaviour;
  afterSeconds?: number;
  talkSeconds?: number;
  then?: string[];
}
