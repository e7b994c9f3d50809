import { type CallRecord, seconds, type StatusEvent } from './calls';
import type { Doc } from './interpreter';
import type { Bridge, Switchboard } from './switchboard';
import type { Verb } from './twiml';
import type { Form } from './webhooks';

/** The events a `statusCallbackEvent` attribute or REST parameter asks for. */
export function statusEvents(value: string | undefined): StatusEvent[] {
  const events = (value ?? '').split(/[\s,]+/).filter(Boolean);
  return events.length ? (events as StatusEvent[]) : ['completed'];
}

/**
 * `<Dial>`: connects the call to a `<Queue>`'s first caller, or rings each
 * `<Number>` and `<Client>` at once and bridges the first to answer. Resolves
 * to the Dial action's parameters once the dialled party is gone, or
 * undefined when the call itself moved on (hung up, new TwiML).
 */
export async function dial(
  board: Switchboard,
  doc: Doc,
  verb: Verb,
  /** Runs a `<Number url>` on the answered leg; true: bridge it. */
  whisper?: (leg: CallRecord, url: string) => Promise<boolean>,
): Promise<Form | undefined> {
  const timeoutSeconds = Number(verb.attributes.timeout) || 30;
  const queue = verb.children.find(c => c.name === 'Queue');
  return queue
    ? dialQueue(board, doc, queue.text.trim(), timeoutSeconds)
    : dialParties(board, doc, verb, timeoutSeconds, whisper);
}

async function dialQueue(
  board: Switchboard,
  doc: Doc,
  name: string,
  timeoutSeconds: number,
): Promise<Form | undefined> {
  const { call } = doc;
  const queueSid = board.queues.sidOf(name);
  let dequeued: CallRecord | undefined;
  // An empty queue is waited on, until somebody joins or the timeout.
  const bridge = await board.activity.wait<Bridge | null>(doc.scope, resume => {
    const stopTaking = board.queues.take(name, member => {
      dequeued = member.call;
      const taken = board.bridge(call, member.call);
      member.dequeue(taken);
      resume(taken);
    });
    const cancel = board.after(timeoutSeconds * 1000, () => resume(null));
    return () => {
      stopTaking();
      cancel();
    };
  });
  if (bridge === undefined) return undefined;
  if (bridge === null || !dequeued) {
    return { DialCallStatus: 'no-answer', QueueSid: queueSid };
  }
  if (!(await bridge.stay(call))) return undefined;
  return {
    DialCallStatus: 'completed',
    DialCallSid: dequeued.sid,
    DialCallDuration: String(seconds(bridge.since, board.now())),
    QueueSid: queueSid,
  };
}

/** Who a `<Dial>` rings: its Number and Client nouns, or a bare number. */
function targets(verb: Verb) {
  const nouns = verb.children.filter(
    c => c.name === 'Number' || c.name === 'Client',
  );
  if (nouns.length === 0) return [{ to: verb.text.trim(), attributes: {} }];
  return nouns.map(noun => {
    // <Client>ana</Client>, or <Client><Identity>ana</Identity>...</Client>
    const identity =
      noun.children.find(c => c.name === 'Identity')?.text ?? noun.text;
    return {
      to:
        noun.name === 'Client' ? `client:${identity.trim()}` : noun.text.trim(),
      attributes: noun.attributes,
    };
  });
}

async function dialParties(
  board: Switchboard,
  doc: Doc,
  verb: Verb,
  timeoutSeconds: number,
  whisper?: (leg: CallRecord, url: string) => Promise<boolean>,
): Promise<Form | undefined> {
  const { call } = doc;
  const nouns = targets(verb);
  const legs = nouns.map(({ to, attributes }) =>
    board.newCall({
      from: verb.attributes.callerId ?? call.from,
      to,
      direction: 'outbound-dial',
      parentCallSid: call.sid,
      statusCallback: attributes.statusCallback
        ? new URL(attributes.statusCallback, doc.url).toString()
        : undefined,
      statusEvents: statusEvents(attributes.statusCallbackEvent),
    }),
  );
  let answered: { leg: CallRecord; bridge: Bridge } | undefined;
  let unanswered = legs.length;
  const bridge = await board.activity.wait<Bridge | null>(doc.scope, resume => {
    const attempt = async (leg: CallRecord, url?: string) => {
      if (
        !(await board.ring(leg, timeoutSeconds)) ||
        (url && whisper && !(await whisper(leg, url)))
      ) {
        if (--unanswered === 0) resume(null);
        return;
      }
      // Somebody else answered first, or the caller is gone.
      if (answered || doc.scope.stopped) {
        await board.end(leg, 'completed');
        return;
      }
      answered = { leg, bridge: board.bridge(call, leg) };
      resume(answered.bridge);
      await answered.bridge.stay(leg);
      await board.end(leg, 'completed');
    };
    legs.forEach((leg, i) =>
      board.activity.track(attempt(leg, nouns[i].attributes.url)),
    );
    return () => {
      for (const leg of legs) {
        if (leg.status === 'ringing') {
          board.activity.track(board.end(leg, 'canceled'));
        }
      }
    };
  });
  if (bridge === undefined) return undefined;
  if (bridge === null || !answered) {
    const statuses = legs.map(leg => leg.status);
    return {
      DialCallStatus: statuses.every(s => s === 'busy')
        ? 'busy'
        : statuses.find(s => s === 'failed') ?? 'no-answer',
    };
  }
  if (!(await bridge.stay(call))) return undefined;
  return {
    DialCallStatus: 'completed',
    DialCallSid: answered.leg.sid,
    DialCallDuration: String(seconds(bridge.since, board.now())),
  };
}
