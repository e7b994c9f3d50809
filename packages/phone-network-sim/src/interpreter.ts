import type { Scope } from './activity';
import { isFinalCall } from '@icr/plugin-phone-network-sim-common';
import { type CallRecord, seconds } from './calls';
import { dial } from './dial';
import type { Bridge, Switchboard } from './switchboard';
import { parseTwiml, type Verb } from './twiml';
import { DEFAULT_TRANSCRIPT, isTranscribable } from './recordings';
import type { Form } from './webhooks';

/** One TwiML program on a call: the scope it runs in, where it came from. */
export interface Doc {
  call: CallRecord;
  scope: Scope;
  /** The URL of the current document; relative URLs resolve against it. */
  url?: string;
  /**
   * Set while this is a `<Number url>` document on a dialled leg (a
   * whisper): when it runs out the leg is bridged, not hung up.
   */
  whisper?: boolean;
  /** Set while this is a queue's wait document. */
  hold?: {
    /** Lines heard in this stay: hold music loops, but is noted once. */
    heard: Set<string>;
    leave(): void;
  };
}

/** What happens after a verb: the next verb, or nothing (it handed over). */
type Next = 'next' | 'stop';

/**
 * The network does not know how long hold music plays: a `<Play>` in a
 * wait document lasts this long, and so does a pass through one at least,
 * before the network asks for the wait document again.
 */
const HOLD_PASS_MS = 30_000;

/** Follows TwiML on calls, as Twilio does, for the verbs the backend uses. */
export class Interpreter {
  constructor(private readonly board: Switchboard) {}

  /** Requests a TwiML document with a signed webhook, and follows it. */
  async follow(doc: Doc, url: string, extra: Form): Promise<void> {
    let verbs: Verb[];
    let absolute: string;
    try {
      absolute = new URL(url, doc.url).toString();
      const twiml = await this.board.webhook(
        absolute,
        this.board.params(doc.call, extra),
      );
      verbs = parseTwiml(twiml);
    } catch (error) {
      await this.#fail(doc);
      throw error;
    }
    if (doc.scope.stopped) return; // the call moved on meanwhile
    doc.url = absolute;
    await this.run(doc, verbs);
  }

  /** Runs verbs until the document ends (then hangs up) or hands over. */
  async run(doc: Doc, verbs: Verb[]): Promise<void> {
    try {
      for (const verb of verbs) {
        if (doc.scope.stopped) return;
        if ((await this.#verb(doc, verb)) === 'stop') return;
      }
    } catch (error) {
      await this.#fail(doc);
      throw error;
    }
    // A document that runs out hangs up; a wait document is asked again.
    if (!doc.scope.stopped && !doc.hold && !doc.whisper) {
      await this.board.end(doc.call, 'completed');
    }
  }

  /**
   * A `<Number url>`: its TwiML runs on the answered leg before the bridge.
   * True when the leg is still there when it runs out (then it is bridged);
   * a `<Hangup>` in it ends the leg unbridged.
   */
  async #whisper(parent: Doc, leg: CallRecord, url: string): Promise<boolean> {
    const doc: Doc = {
      call: leg,
      scope: leg.scope,
      url: parent.url,
      whisper: true,
    };
    await this.follow(doc, url, {});
    return !isFinalCall(leg) && !doc.scope.stopped;
  }

  /** What a Twilio caller hears when the application fails. */
  async #fail(doc: Doc) {
    if (doc.scope.stopped) return;
    doc.call.heard.push('An application error has occurred. Goodbye.');
    await this.board.end(doc.call, 'completed');
  }

  async #verb(doc: Doc, verb: Verb): Promise<Next> {
    const { call } = doc;
    const a = verb.attributes;
    if (
      doc.hold &&
      ['Enqueue', 'Dial', 'Record', 'Reject'].includes(verb.name)
    ) {
      throw new Error(`<${verb.name}> is not allowed in a wait document`);
    }
    switch (verb.name) {
      case 'Say':
      case 'Play':
      case 'Pause':
        return (await this.#speak(doc, verb)) ? 'next' : 'stop';
      case 'Hangup':
        await this.board.end(call, 'completed');
        return 'stop';
      case 'Reject':
        await this.board.end(call, 'busy');
        return 'stop';
      case 'Gather':
        return this.#gather(doc, verb);
      case 'Redirect':
        await this.follow(doc, verb.text, {});
        return 'stop';
      case 'Leave':
        // Outside a wait document there is no queue to leave.
        if (!doc.hold) return 'next';
        doc.hold.leave();
        return 'stop';
      case 'Enqueue':
        return this.#enqueue(doc, verb);
      case 'Dial': {
        const result = await dial(this.board, doc, verb, (leg, url) =>
          this.#whisper(doc, leg, url),
        );
        if (!result) return 'stop';
        if (!a.action) return 'next';
        await this.follow(doc, a.action, result);
        return 'stop';
      }
      case 'Record':
        return this.#record(doc, verb);
      default:
        throw new Error(`The simulated network does not know <${verb.name}>`);
    }
  }

  /** Say, Play and Pause; false when the call moved on during a pause. */
  async #speak(doc: Doc, verb: Verb): Promise<boolean> {
    const { hold } = doc;
    if (verb.name === 'Pause') {
      return this.#sleep(doc.scope, Number(verb.attributes.length ?? 1) * 1000);
    }
    if (verb.name === 'Say') {
      this.#hear(doc, verb.text);
      return true;
    }
    this.#hear(
      doc,
      hold ? `[hold music ${verb.text}]` : `[audio ${verb.text}]`,
    );
    if (!hold) return true;
    const loop = Number(verb.attributes.loop ?? 1);
    // loop="0" plays until the caller leaves the queue.
    return this.#sleep(doc.scope, loop === 0 ? Infinity : loop * HOLD_PASS_MS);
  }

  #hear(doc: Doc, line: string) {
    if (doc.hold?.heard.has(line)) return;
    doc.hold?.heard.add(line);
    doc.call.heard.push(line);
  }

  /** Waits on the clock; false when the call moved on first. */
  async #sleep(scope: Scope, ms: number): Promise<boolean> {
    const slept = await this.board.activity.wait<true>(scope, resume =>
      Number.isFinite(ms)
        ? this.board.after(ms, () => resume(true))
        : undefined,
    );
    return slept === true;
  }

  async #gather(doc: Doc, verb: Verb): Promise<Next> {
    const a = verb.attributes;
    const digits = await this.#keys(doc, a, verb.children);
    if (digits === undefined) return 'stop';
    // Nothing pressed falls through to the next verb, as on Twilio.
    if (digits === '' && a.actionOnEmptyResult !== 'true') return 'next';
    await this.follow(doc, a.action ?? doc.url ?? '', { Digits: digits });
    return 'stop';
  }

  /**
   * The keys for a prompt, once its `prompt` verbs are heard: a scripted
   * party's next keys at once, nothing from a voicemail box, else what the
   * party presses live (a key cuts the prompt short, as on Twilio), until
   * `finishOnKey`, `numDigits` or `timeout` seconds without a key.
   */
  async #keys(
    doc: Doc,
    a: Record<string, string>,
    prompt: Verb[],
  ): Promise<string | undefined> {
    const { call } = doc;
    const finishOnKey = a.finishOnKey ?? '#';
    const scripted = call.script.keys?.shift();
    if (scripted !== undefined || call.silent) {
      for (const verb of prompt) {
        if (!(await this.#speak(doc, verb))) return undefined;
      }
      if (scripted === undefined) return '';
      return finishOnKey ? scripted.split(finishOnKey)[0] : scripted;
    }
    const numDigits = Number(a.numDigits) || Infinity;
    const timeoutMs = (Number(a.timeout) || 5) * 1000;
    return this.board.activity.wait<string>(doc.scope, resume => {
      const speaking = doc.scope.child();
      let digits = '';
      let cancel = () => {};
      // The timeout counts from the end of the prompt, then from the last key.
      const wait = () => {
        cancel();
        cancel = this.board.after(timeoutMs, () => resume(digits));
      };
      const listener = {
        press: (keys: string) => {
          speaking.stop();
          for (const key of keys) {
            if (key === finishOnKey) return resume(digits);
            digits += key;
            if (digits.length >= numDigits) return resume(digits);
          }
          wait();
          return undefined;
        },
      };
      call.listener = listener;
      this.board.activity.track(
        (async () => {
          for (const verb of prompt) {
            if (!(await this.#speak({ ...doc, scope: speaking }, verb))) return;
          }
          wait();
        })(),
      );
      // A line key due while no prompt listened is pressed at this one.
      if (call.dueKey !== undefined) this.#pressDueKey(call);
      return () => {
        cancel();
        speaking.stop();
        if (call.listener === listener) call.listener = undefined;
      };
    });
  }

  #pressDueKey(call: CallRecord) {
    const key = call.dueKey;
    if (key === undefined || !call.listener?.press) return;
    call.dueKey = undefined;
    call.listener.press(key);
  }

  /**
   * Waits in a named queue with hold music (the wait document, if any),
   * until bridged by a `<Dial><Queue>`, told to `<Leave>`, or moved on.
   */
  async #enqueue(doc: Doc, verb: Verb): Promise<Next> {
    const { call } = doc;
    const { board } = this;
    const a = verb.attributes;
    const name = verb.text.trim();
    const queueSid = board.queues.sidOf(name);
    const enqueuedAt = board.now();
    type Outcome = { result: 'leave' } | { result: 'bridged'; bridge: Bridge };
    const outcome = await board.activity.wait<Outcome>(doc.scope, resume => {
      const hold = doc.scope.child();
      let dequeued = false;
      board.queues.join(name, {
        call,
        enqueuedAt,
        dequeue: bridge => {
          dequeued = true;
          resume({ result: 'bridged', bridge });
        },
      });
      // Somebody already waiting to take the call bridges it at once.
      let cancelLineKey = () => {};
      if (!dequeued) {
        call.queue = name;
        const { lineKey } = call.script;
        if (lineKey) {
          cancelLineKey = board.after(lineKey.afterSeconds * 1000, () => {
            // Pressed once in the call's life.
            call.script.lineKey = undefined;
            call.dueKey = lineKey.key;
            this.#pressDueKey(call);
          });
        }
        if (a.waitUrl) {
          board.activity.track(
            this.#hold(doc, hold, a.waitUrl, () => resume({ result: 'leave' })),
          );
        } else {
          call.heard.push('[hold music]');
        }
      }
      return () => {
        cancelLineKey();
        call.dueKey = undefined;
        board.queues.leave(call);
        call.queue = undefined;
        hold.stop();
      };
    });
    const left = {
      QueueSid: queueSid,
      QueueTime: String(seconds(enqueuedAt, board.now())),
    };
    if (!outcome) {
      if (isFinalCall(call) && a.action) {
        // Twilio tells the action URL about a caller who hung up in the queue.
        await board.webhook(
          new URL(a.action, doc.url).toString(),
          board.params(call, { ...left, QueueResult: 'hangup' }),
        );
      }
      return 'stop';
    }
    if (outcome.result === 'bridged' && !(await outcome.bridge.stay(call))) {
      return 'stop';
    }
    if (!a.action) return 'next';
    await this.follow(doc, a.action, { ...left, QueueResult: outcome.result });
    return 'stop';
  }

  /** The wait document, asked for again each time it ends. */
  async #hold(doc: Doc, scope: Scope, waitUrl: string, leave: () => void) {
    const url = new URL(waitUrl, doc.url).toString();
    const wait: Doc = {
      call: doc.call,
      scope,
      url,
      hold: { heard: new Set(), leave },
    };
    while (!scope.stopped) {
      const started = this.board.now();
      await this.follow(wait, url, this.board.queues.position(doc.call) ?? {});
      const rest = HOLD_PASS_MS - (this.board.now() - started);
      if (rest > 0 && !(await this.#sleep(scope, rest))) return;
    }
  }

  /**
   * A recording as long as the caller's script says (none: Twilio moves on
   * to the next verb), kept for the REST API and reported to the action and
   * the status callback; with `transcribe`, its transcript (the script's, or
   * a fixed phrase) goes to `transcribeCallback` after the status callback.
   */
  async #record(doc: Doc, verb: Verb): Promise<Next> {
    const { call } = doc;
    const { board } = this;
    const a = verb.attributes;
    const length = Math.min(
      call.script.voicemailSeconds ?? 0,
      Number(a.maxLength ?? 3600),
    );
    if (!(length > 0)) return 'next';
    call.recordedSeconds = (call.recordedSeconds ?? 0) + length;
    const recordingSid = board.sid('RE');
    const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${board.options.accountSid}/Recordings/${recordingSid}`;
    board.recordings.set(recordingSid, {
      sid: recordingSid,
      callSid: call.sid,
      durationSeconds: length,
      createdAt: board.now(),
    });
    const recording = {
      RecordingSid: recordingSid,
      RecordingUrl: recordingUrl,
      RecordingDuration: String(length),
    };
    const statusCallback = a.recordingStatusCallback
      ? new URL(a.recordingStatusCallback, doc.url).toString()
      : undefined;
    // Twilio transcribes 2-120 s messages, after the recording is ready.
    const transcribeCallback =
      a.transcribe === 'true' && a.transcribeCallback && isTranscribable(length)
        ? new URL(a.transcribeCallback, doc.url).toString()
        : undefined;
    const params = board.params(call, {});
    if (statusCallback || transcribeCallback) {
      board.activity.track(
        (async () => {
          if (statusCallback) {
            await board.webhook(statusCallback, {
              ...params,
              ...recording,
              RecordingStatus: 'completed',
              RecordingSource: 'RecordVerb',
              RecordingChannels: '1',
            });
          }
          if (transcribeCallback) {
            await board.webhook(transcribeCallback, {
              ...params,
              ...recording,
              TranscriptionSid: board.sid('TR'),
              TranscriptionText:
                call.script.voicemailTranscript ?? DEFAULT_TRANSCRIPT,
              TranscriptionStatus: 'completed',
              TranscriptionType: 'fast',
              TranscriptionUrl: `${recordingUrl}/Transcriptions`,
              Url: transcribeCallback,
            });
          }
        })(),
      );
    }
    if (!a.action) return 'next';
    await this.follow(doc, a.action, recording);
    return 'stop';
  }
}
