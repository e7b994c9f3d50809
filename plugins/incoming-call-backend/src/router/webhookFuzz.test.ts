import type { Knex } from 'knex';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import {
  AUTH_TOKEN,
  PUBLIC_URL,
  startCallBackend,
} from '../__testUtils__/callBackend';
import { createTestDatabases } from '../__testUtils__/databases';
import { eventually } from '../__testUtils__/eventually';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../__testUtils__/platformIntegration';
import { RecordingTwilioClient } from '../__testUtils__/RecordingTwilioClient';
import { seededRandom } from '../__testUtils__/seededRandom';

/**
 * The fault suite's signed fuzz: thousands of requests, each signed as
 * Twilio would sign it (so each gets past the signature check), across
 * every webhook route and the media route, with control characters, NUL
 * bytes, over-long values, wrong formats, repeated and missing parameters,
 * while legitimate calls arrive beside them. None may answer 5xx or show a
 * stack trace, and every legitimate call must be answered and stored.
 */
jest.setTimeout(120_000);

const databases = createTestDatabases();

/** The full fuzz on PostgreSQL, the fault suite's database; a fifth on SQLite. */
const fuzzedOn = (id: string) => (id === 'POSTGRES_15' ? 5_000 : 1_000);
const LEGITIMATE = 100;
/** Requests in flight at once. */
const CONCURRENCY = 24;

type Value = string | string[] | undefined;
type Params = Record<string, Value>;

const hex = (random: () => number, n: number) =>
  Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join(
    '',
  );

/** A request of a route, as Twilio would send it (before fuzzing). */
interface Shape {
  method: 'POST' | 'GET';
  path: string;
  query: Params;
  body: Params;
}

function shapes(random: () => number): Array<() => Shape> {
  const callSid = () => `CA${hex(random, 32)}`;
  const post = (path: string, body: Params, query: Params = {}): Shape => ({
    method: 'POST',
    path,
    query,
    body: { AccountSid: `AC${hex(random, 32)}`, ...body },
  });
  const digits = () => ['1', '2', '7', '*', '#', ''][Math.floor(random() * 6)];
  const leg = () => ({
    call: callSid(),
    leg: String(Math.floor(random() * 3)),
  });
  return [
    () =>
      post('/voice', {
        CallSid: callSid(),
        From: `+1202555${hex(random, 4).replace(/[a-f]/g, '1')}`,
        To: HOTLINE,
        CallStatus: 'ringing',
        Direction: 'inbound',
      }),
    () => post('/voicemail-done', { CallSid: callSid() }),
    () =>
      post('/recording', {
        CallSid: callSid(),
        RecordingSid: `RE${hex(random, 32)}`,
        RecordingUrl: `https://api.twilio.com/Recordings/RE${hex(random, 32)}`,
        RecordingStatus: 'completed',
        RecordingDuration: '12',
      }),
    () =>
      post('/transcription', {
        CallSid: callSid(),
        RecordingSid: `RE${hex(random, 32)}`,
        TranscriptionStatus: 'completed',
        TranscriptionText: 'Please call me back.',
      }),
    () =>
      post('/call-status', {
        CallSid: callSid(),
        CallStatus: 'completed',
        CallDuration: '30',
      }),
    () =>
      post(
        '/menu',
        { CallSid: callSid(), Digits: digits() },
        { attempt: random() < 0.5 ? '1' : '2' },
      ),
    () => post('/line-wait', { CallSid: callSid() }, { audio: hex(random, 8) }),
    () => post('/line-key', { CallSid: callSid(), Digits: digits() }),
    () =>
      post(
        '/after-call',
        {
          CallSid: callSid(),
          CallStatus: 'in-progress',
          DialCallStatus: 'completed',
        },
        leg(),
      ),
    () => post('/next-caller', { CallSid: callSid(), Digits: digits() }, leg()),
    () =>
      post(
        '/responder-answer',
        { CallSid: callSid(), CallStatus: 'in-progress' },
        leg(),
      ),
    () =>
      post(
        '/responder-confirm',
        { CallSid: callSid(), Digits: digits() },
        leg(),
      ),
    () =>
      post('/browser-connect', {
        CallSid: callSid(),
        From: 'client:user_default_ana',
        To: '',
        alert: `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-8${hex(
          random,
          3,
        )}-${hex(random, 12)}`,
      }),
    () =>
      post(
        '/leg-status',
        { CallSid: callSid(), CallStatus: 'no-answer' },
        leg(),
      ),
    () => ({
      method: 'GET',
      path: `/media/${hex(random, 8)}`,
      query: { expires: '9999999999', signature: hex(random, 43) },
      body: {},
    }),
  ];
}

/** What fuzzing does to one value. */
function mutations(random: () => number): Array<(value: string) => Value> {
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const at = (value: string, insert: string) => {
    const i = Math.floor(random() * (value.length + 1));
    return value.slice(0, i) + insert + value.slice(i);
  };
  return [
    // Control characters, NUL among them.
    v => at(v, String.fromCharCode(Math.floor(random() * 32))),
    v => at(v, '\u0000'),
    v => at(v, '\u007f\u000b\u001b'),
    // Over-long.
    v => v + 'f'.repeat(pick([40, 300, 5_000, 30_000])),
    // Wrong formats.
    v => v.slice(0, Math.max(0, v.length - 1 - Math.floor(random() * 4))),
    v => v.replace(/^[A-Z]{2}/, pick(['CL', 'XX', 'ca', 'RE', 'AC', ''])),
    () => pick(['', ' ', '-1', '1e309', 'NaN', 'null', '[]', '{}', 'true']),
    () => pick(['<Say>hi</Say>', ']]>&amp;', "' OR 1=1 --", '../../etc']),
    () => pick(['😀', '\u202e', '\ufeff', '\ud800', 'é'.normalize('NFD')]),
    v => v.toUpperCase(),
    // Repeated: twilio-node's check drops the repeated value.
    v => [v, pick([v, 'CA0', '+19005550100', ''])],
    v => [pick(['', 'x', v]), v, v],
    // Missing.
    () => undefined,
  ];
}

/** Percent-encoding that survives lone surrogates (as U+FFFD). */
const encodeUtf8 = (value: string) =>
  [...Buffer.from(value, 'utf8')]
    .map(byte =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).padStart(2, '0').toUpperCase()}`,
    )
    .join('');

/** The form or query encoding, repeated values as repeated keys. */
function encode(params: Params): string {
  return Object.entries(params)
    .flatMap(([key, value]) =>
      value === undefined
        ? []
        : (Array.isArray(value) ? value : [value]).map(
            v => `${encodeURIComponent(key)}=${encodeUtf8(v)}`,
          ),
    )
    .join('&');
}

/** The params as express parses them back, for the signature. */
const parsedBack = (params: Params) =>
  Object.fromEntries(
    [...new URLSearchParams(encode(params))].reduce((map, [key, value]) => {
      const known = map.get(key);
      map.set(
        key,
        known === undefined
          ? value
          : ([] as string[]).concat(known as string | string[], value),
      );
      return map;
    }, new Map<string, string | string[]>()),
  );

/** A stack trace, or a thrown error's text, in an answer. */
const LEAKS = /\n\s+at |node_modules|\.ts:\d+|Error:|TypeError|stack/i;

describe.each(databases.eachSupportedId())('signed fuzz on %s', id => {
  const FUZZED = fuzzedOn(id);
  let knex: Knex;
  let rest: RecordingTwilioClient;
  let root: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    knex = await databases.init(id);
    rest = new RecordingTwilioClient({ twilioSids: true });
    const backend = await startCallBackend(knex, rest);
    root = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }/api/incoming-call`;
    stop = () => backend.stop();
    await savePlatformIntegration(knex, { blocklist: ['+1900*'] });
  });

  afterAll(async () => {
    await stop?.();
  });

  async function send(shape: Shape) {
    const query = encode(shape.query);
    const path = query ? `${shape.path}?${query}` : shape.path;
    const body = encode(shape.body);
    const headers: Record<string, string> = {};
    if (shape.method === 'POST') {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers['X-Twilio-Signature'] = twilio.getExpectedTwilioSignature(
        AUTH_TOKEN,
        `${PUBLIC_URL}${path}`,
        parsedBack(shape.body),
      );
    }
    const prefix = shape.method === 'POST' ? '/webhooks' : '';
    const response = await fetch(`${root}${prefix}${path}`, {
      method: shape.method,
      headers,
      body: shape.method === 'POST' ? body : undefined,
    });
    return { status: response.status, text: await response.text() };
  }

  it(`answers ${fuzzedOn(
    id,
  )} fuzzed signed requests with no 5xx and no stack trace, and every legitimate call beside them`, async () => {
    const random = seededRandom(15);
    const makers = shapes(random);
    const mutate = mutations(random);

    const fuzzed: Shape[] = Array.from({ length: FUZZED }, () => {
      const shape = makers[Math.floor(random() * makers.length)]();
      // Most requests are broken in one to three places; some not at all,
      // so that well-formed requests about unknown calls are tried too.
      const breaks = random() < 0.1 ? 0 : 1 + Math.floor(random() * 3);
      for (let i = 0; i < breaks; i++) {
        const target = random() < 0.25 ? shape.query : shape.body;
        const keys = Object.keys(target);
        if (keys.length === 0) continue;
        const key = keys[Math.floor(random() * keys.length)];
        const before = target[key];
        const value = Array.isArray(before) ? before[0] : before ?? '';
        target[key] = mutate[Math.floor(random() * mutate.length)](value);
      }
      return shape;
    });
    const legitimate = Array.from({ length: LEGITIMATE }, (_, i) => ({
      callSid: `CA${'1'.repeat(24)}${i.toString(16).padStart(8, '0')}`,
      from: `+4930555${String(i).padStart(4, '0')}`,
    }));
    // The legitimate calls spread among the fuzz.
    const work: Array<{ shape: Shape; legitimate?: string }> = fuzzed.map(
      shape => ({ shape }),
    );
    legitimate.forEach((call, i) => {
      work.splice(Math.floor(((i + 1) * work.length) / (LEGITIMATE + 1)), 0, {
        legitimate: call.callSid,
        shape: {
          method: 'POST',
          path: '/voice',
          query: {},
          body: {
            AccountSid: `AC${'2'.repeat(32)}`,
            CallSid: call.callSid,
            From: call.from,
            To: HOTLINE,
          },
        },
      });
    });

    const statuses = new Map<number, number>();
    const serverErrors: string[] = [];
    const leaks: string[] = [];
    const legitimateAnswers = new Map<
      string,
      { status: number; text: string }
    >();
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < work.length) {
          const { shape, legitimate: sid } = work[next++];
          const answer = await send(shape);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          const what = `${shape.method} ${shape.path} ${JSON.stringify(
            shape.body,
          ).slice(0, 200)} → ${answer.status} ${answer.text.slice(0, 200)}`;
          if (answer.status >= 500) serverErrors.push(what);
          if (LEAKS.test(answer.text)) leaks.push(what);
          if (sid) legitimateAnswers.set(sid, answer);
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    // The figures of the run, for the fault suite's record.
    // eslint-disable-next-line no-console
    console.log(
      `signed fuzz on ${id}: ${
        work.length
      } requests (${FUZZED} fuzzed, ${LEGITIMATE} legitimate) in ${seconds.toFixed(
        1,
      )} s; statuses ${JSON.stringify(
        Object.fromEntries([...statuses].sort()),
      )}`,
    );

    expect(serverErrors).toEqual([]);
    expect(leaks).toEqual([]);
    // Every legitimate caller was queued, and their calls are stored.
    for (const call of legitimate) {
      const answer = legitimateAnswers.get(call.callSid);
      expect(answer?.status).toBe(200);
      expect(answer?.text).toContain(
        `queue-left" waitUrl="${PUBLIC_URL}/line-wait">call-${call.callSid}</Enqueue>`,
      );
    }
    const sids = legitimate.map(c => c.callSid);
    const sessions = await knex('call_sessions')
      .whereIn('call_sid', sids)
      .select('call_sid', 'alert_id');
    expect(sessions.map(s => s.call_sid).sort()).toEqual([...sids].sort());
    const alerts = await knex('alerts')
      .whereIn(
        'id',
        sessions.map(s => s.alert_id),
      )
      .select('caller_number');
    expect(alerts.map(a => a.caller_number).sort()).toEqual(
      legitimate.map(c => c.from).sort(),
    );
    // And each got its first responder rung, or waits in line for one
    // (first come, first served: the responders ring for the first calls).
    await eventually(async () => {
      const dialled = await knex('alert_events')
        .whereIn(
          'alert_id',
          sessions.map(s => s.alert_id),
        )
        .where({ type: 'responder-dialled' })
        .distinct('alert_id')
        .pluck('alert_id');
      const waiting = await knex('line_entries')
        .whereIn('call_sid', sids)
        .whereNotNull('wants')
        .pluck('alert_id');
      // Fuzzed voice webhooks that were valid calls may be ahead of them
      // in the line: someone has the responders.
      expect(
        Number(
          (
            await knex('alert_events')
              .where({ type: 'responder-dialled' })
              .count({ n: '*' })
          )[0].n,
        ),
      ).toBeGreaterThan(0);
      expect(new Set([...dialled, ...waiting]).size).toBe(LEGITIMATE);
    });
  });

  it('answers a malformed voice webhook with a polite goodbye, and a repeated CallSid like the first', async () => {
    const bad = await send({
      method: 'POST',
      path: '/voice',
      query: {},
      body: { CallSid: 'CA\u0000\u0001', From: '+4930555000', To: HOTLINE },
    });
    expect(bad.status).toBe(200);
    expect(bad.text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Sorry, we cannot take your call right now. Please try again later. Goodbye.</Say><Hangup/></Response>',
    );

    const sid = `CA${'3'.repeat(32)}`;
    const repeated = await send({
      method: 'POST',
      path: '/voice',
      query: {},
      body: {
        CallSid: [sid, `CA${'4'.repeat(32)}`],
        From: '+4930555999',
        To: [HOTLINE, '+19005550100'],
      },
    });
    expect(repeated.status).toBe(200);
    expect(repeated.text).toContain(
      `queue-left" waitUrl="${PUBLIC_URL}/line-wait">call-${sid}</Enqueue>`,
    );
    expect(
      await knex('call_sessions')
        .whereIn('call_sid', [sid, `CA${'4'.repeat(32)}`])
        .pluck('call_sid'),
    ).toEqual([sid]);

    const missing = await send({
      method: 'POST',
      path: '/leg-status',
      query: { call: sid },
      body: { CallSid: sid, CallStatus: 'completed' },
    });
    expect(missing.status).toBe(400);
    expect(missing.text).toBe(
      'leg: Invalid input: expected string, received undefined',
    );
  });

  it('answers duplicate recording callbacks arriving together like the first', async () => {
    const sid = `CA${'5'.repeat(32)}`;
    await send({
      method: 'POST',
      path: '/voice',
      query: {},
      body: { CallSid: sid, From: '+4930555123', To: HOTLINE },
    });
    const recording: Shape = {
      method: 'POST',
      path: '/recording',
      query: {},
      body: {
        CallSid: sid,
        RecordingSid: `RE${'5'.repeat(32)}`,
        RecordingUrl: `https://api.twilio.com/Recordings/RE${'5'.repeat(32)}`,
        RecordingStatus: 'completed',
        RecordingDuration: '9',
      },
    };
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => send(recording)),
    );
    expect(answers.map(a => a.status)).toEqual(Array(50).fill(204));
    const { alert_id: alertId } = await knex('call_sessions')
      .where({ call_sid: sid })
      .first();
    expect(
      await knex('alert_events')
        .where({ alert_id: alertId, type: 'voicemail' })
        .pluck('id'),
    ).toHaveLength(1);
  });
});
