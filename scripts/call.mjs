#!/usr/bin/env node
// Places a test call on the simulated phone network of a running embedded
// Backstage (./scripts/start.sh), prints what everyone hears and the text
// messages the phones receive, and plays the parties of a call from another
// terminal; or places a burst of calls at once and tells how the line
// served them.
import { parseArgs } from 'node:util';

const HELP = `Usage:
  node scripts/call.mjs --to <number> [options]   place a call and follow it
  node scripts/call.mjs burst <n> --to <number> [options]
                                                  place n calls at once from distinct numbers,
                                                  follow them, and tell who served whom, when
  node scripts/call.mjs press <sid> <digits>      the party on <sid> presses keys (0-9 * #)
  node scripts/call.mjs answer <sid>              pick up a ringing responder phone by hand
  node scripts/call.mjs hangup <sid>              the party on <sid> hangs up (a ringing phone declines)
  node scripts/call.mjs messages [--to <number>]  the text messages (SMS) the phones received:
                                                  your own phone's, and your test calls' phones'

Options for placing a call:
  --to <number>              a number saved on a team (required); with
                             'messages', only the messages to that phone
  --from <number>            the caller's number (default +4930555000)
  --keys <keys>              keys pressed at once, one per menu prompt (e.g. 1);
                             without them the caller is live: use 'press'
  --phone <number>=<how>[,after=<s>][,talk=<s>][,then=<keys>]
                             how a responder phone behaves; repeatable:
                             confirm (default), ring (until answered by hand
                             or the ring timeout), voicemail-box, busy, no-answer;
                             after: rings that long before answering (confirm,
                             voicemail-box); for confirm, talk: hangs up that long
                             after being connected to a caller, then: the keys it
                             presses at the later prompts, one a prompt (then=1x10:
                             ten times 1, e.g. to take the next caller when offered)
  --voicemail <seconds>      length of the message the caller leaves (default 0)
  --hang-up-after <seconds>  the caller hangs up after this long
  --watch <seconds>          how long to follow the call (default 120; burst 900)

Options for a burst (and --to, --keys, --phone, --voicemail, --watch):
  --from <number>            the first caller's number; the others count up from
                             it (default +49305551001)
  --spread <seconds>         place the calls evenly over this long (default 0: at once)
  --talk <seconds>           a connected caller hangs up after this long (default 20)

BACKEND_URL (default http://localhost:7007) is the Backstage backend.`;

const BACKEND = process.env.BACKEND_URL ?? 'http://localhost:7007';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    help: { type: 'boolean', short: 'h' },
    to: { type: 'string' },
    from: { type: 'string' },
    keys: { type: 'string', default: '' },
    phone: { type: 'string', multiple: true, default: [] },
    voicemail: { type: 'string', default: '0' },
    'hang-up-after': { type: 'string' },
    watch: { type: 'string' },
    spread: { type: 'string', default: '0' },
    talk: { type: 'string', default: '20' },
  },
});
const [command, sid, digits] = positionals;
const usable =
  (command === undefined && values.to) ||
  (command === 'burst' && Number(sid) >= 1 && values.to) ||
  command === 'messages' ||
  (command === 'press' && sid && digits) ||
  (['answer', 'hangup'].includes(command) && sid);
if (values.help || !usable) {
  (values.help ? console.log : console.error)(HELP);
  process.exit(values.help ? 0 : 2);
}

const auth = await fetch(`${BACKEND}/api/auth/guest/refresh`, {
  method: 'POST',
  headers: { 'X-Requested-With': 'XMLHttpRequest' },
}).catch(() => undefined);
if (!auth?.ok) {
  console.error(
    `Backstage is not answering at ${BACKEND}: start it with ./scripts/start.sh`,
  );
  process.exit(1);
}
const token = (await auth.json()).backstageIdentity.token;

async function api(path, init = {}) {
  const res = await fetch(`${BACKEND}/api/phone-network/${path}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
  });
  if (!res.ok) {
    const text = await res.text();
    let message = text;
    try {
      message = JSON.parse(text).error.message;
    } catch {
      // not a Backstage error body: show it as it is
    }
    console.error(`${init.method ?? 'GET'} ${path}: ${res.status} ${message}`);
    process.exit(1);
  }
  return res.status === 204 ? undefined : res.json();
}

/** One text message, as a line. */
const smsLine = m =>
  `SMS to ${m.to} from ${m.from ?? 'a Messaging Service'} (${m.status}): ${
    m.body
  }`;

if (command === 'messages') {
  const query = values.to ? `?${new URLSearchParams({ to: values.to })}` : '';
  const messages = await api(`messages${query}`);
  if (messages.length === 0) console.log('No text messages.');
  for (const m of messages) console.log(`${m.dateCreated}  ${smsLine(m)}`);
  process.exit(0);
}

const onCall = `calls/${encodeURIComponent(sid ?? '')}`;
if (command === 'press') {
  const { gathered } = await api(`${onCall}/press`, {
    method: 'POST',
    body: JSON.stringify({ digits }),
  });
  console.log(
    gathered
      ? `Pressed ${digits} on ${sid}`
      : `Pressed ${digits} on ${sid}, but no prompt was listening`,
  );
  process.exit(0);
}
if (command === 'answer' || command === 'hangup') {
  await api(`${onCall}/${command}`, { method: 'POST' });
  console.log(command === 'answer' ? `Answered ${sid}` : `Hung up ${sid}`);
  process.exit(0);
}

/** A --phone setting: `<number>=<behaviour>[,after=<s>][,talk=<s>][,then=<keys>[x<n>]]`. */
function phoneSetting(setting) {
  const at = setting.indexOf('=');
  if (at < 1) {
    console.error(`--phone ${setting}: give it as <number>=<behaviour>`);
    process.exit(2);
  }
  const number = setting.slice(0, at);
  const how = setting.slice(at + 1);
  const [behaviour, ...options] = how.split(',');
  const body = { behaviour };
  for (const option of options) {
    const [name, value = ''] = option.split('=');
    if (name === 'after') body.afterSeconds = Number(value);
    else if (name === 'talk') body.talkSeconds = Number(value);
    else if (name === 'then') {
      const [keys, times = '1'] = value.split('x');
      body.then = Array(Number(times)).fill(keys.split('')).flat();
    } else {
      console.error(
        `--phone ${setting}: unknown option ${name} (after, talk, then)`,
      );
      process.exit(2);
    }
  }
  return { number, body };
}

for (const setting of values.phone) {
  const { number, body } = phoneSetting(setting);
  await api(`phones/${encodeURIComponent(number)}`, {
    method: 'PUT',
    body: JSON.stringify(body),
  });
}

const FINAL = ['completed', 'busy', 'no-answer', 'canceled', 'failed'];
const sleep = ms => new Promise(r => setTimeout(r, ms));
const keys = values.keys ? values.keys.split('') : [];

if (command === 'burst') {
  await burst(Number(sid));
  process.exit(0);
}

const before = new Set((await api('calls')).map(c => c.sid));
const messagesBefore = new Set((await api('messages')).map(m => m.sid));
const hangUpAfter = values['hang-up-after'];
const from = values.from ?? '+4930555000';
const call = await api('calls', {
  method: 'POST',
  body: JSON.stringify({
    from,
    to: values.to,
    keys,
    voicemailSeconds: Number(values.voicemail),
    hangUpAfterSeconds:
      hangUpAfter === undefined ? undefined : Number(hangUpAfter),
  }),
});
console.log(`Calling ${values.to} from ${from} (caller ${call.sid})`);
console.log(
  'Play the parties from another terminal: node scripts/call.mjs press|answer|hangup <sid> ...',
);

const printed = new Map();
for (let second = 0; second < Number(values.watch ?? 120); second++) {
  await sleep(1000);
  const calls = await api('calls');
  for (const c of calls.filter(other => !before.has(other.sid))) {
    if (c.direction === 'inbound' && c.sid !== call.sid) continue; // someone else's
    const who = c.sid === call.sid ? 'caller' : `responder ${c.to}`;
    const seen = printed.get(c.sid) ?? { heard: 0, status: '' };
    for (const line of c.heard.slice(seen.heard))
      console.log(`  ${who} hears: ${line}`);
    if (c.status !== seen.status)
      console.log(
        `  ${who} (${c.sid}): ${c.status}${
          c.bridgedWith ? ' (connected)' : ''
        }`,
      );
    printed.set(c.sid, { heard: c.heard.length, status: c.status });
  }
  // The SMS that notify the responders, as they arrive.
  for (const m of await api('messages')) {
    if (messagesBefore.has(m.sid) || m.status !== 'delivered') continue;
    console.log(`  ${smsLine(m)}`);
    messagesBefore.add(m.sid);
  }
  const caller = calls.find(c => c.sid === call.sid);
  if (caller.bridgedWith && !FINAL.includes(caller.status)) {
    console.log(
      'Connected. Hanging up in 3 seconds; the alert timeline is on the team page.',
    );
    await sleep(3000);
    await api(`calls/${call.sid}/hangup`, { method: 'POST' });
    break;
  }
  if (FINAL.includes(caller.status)) {
    console.log('The call is over; the alert timeline is on the team page.');
    break;
  }
}

/** The number `i` after `first`, as a string of the same length. */
function nthNumber(first, i) {
  const digits = first.replace(/^\+/, '');
  const next = (BigInt(digits) + BigInt(i))
    .toString()
    .padStart(digits.length, '0');
  return `+${next}`;
}

/** The largest number of intervals [from, to) that overlap at one time. */
function maxOverlap(intervals) {
  const edges = intervals.flatMap(([from, to]) => [
    [from, 1],
    [to, -1],
  ]);
  // An interval that ends where another starts does not overlap it.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, step] of edges) max = Math.max(max, (now += step));
  return max;
}

/**
 * Places `n` calls at once (or spread out) from distinct numbers, follows
 * them until all are over, hanging up each connected caller after --talk
 * seconds, then prints per caller when they called, what they heard while
 * waiting, who answered and when, and whether the line served them in
 * arrival order with each responder phone on one call at a time.
 */
async function burst(n) {
  const first = values.from ?? '+49305551001';
  const spreadMs = Number(values.spread) * 1000;
  const talkMs = Number(values.talk) * 1000;
  const watchMs = Number(values.watch ?? 900) * 1000;
  const before = new Set((await api('calls')).map(c => c.sid));
  console.log(
    `Placing ${n} calls to ${values.to} from ${first} up, ${
      spreadMs ? `over ${values.spread} s` : 'at once'
    }; a connected caller hangs up after ${values.talk} s.`,
  );
  const placed = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      await sleep(n > 1 ? (spreadMs * i) / (n - 1) : 0);
      return api('calls', {
        method: 'POST',
        body: JSON.stringify({
          from: nthNumber(first, i),
          to: values.to,
          keys,
          voicemailSeconds: Number(values.voicemail),
        }),
      });
    }),
  );
  const callers = new Set(placed.map(c => c.sid));
  const hangingUp = new Set();
  const started = Date.now();
  let calls = [];
  for (;;) {
    await sleep(1000);
    calls = (await api('calls')).filter(c => !before.has(c.sid));
    const bySid = new Map(calls.map(c => [c.sid, c]));
    for (const c of calls) {
      if (!callers.has(c.sid) || !c.bridges.length) continue;
      if (!hangingUp.has(c.sid)) {
        hangingUp.add(c.sid);
        const leg = bySid.get(c.bridges[0].with);
        console.log(
          `  ${c.from} is connected to ${leg?.to ?? c.bridges[0].with}`,
        );
        setTimeout(() => {
          // The responder may have hung up first.
          api(`calls/${c.sid}/hangup`, { method: 'POST' }).catch(() => {});
        }, talkMs);
      }
    }
    const waiting = calls.filter(
      c => callers.has(c.sid) && !FINAL.includes(c.status),
    );
    if (waiting.length === 0) break;
    if (Date.now() - started > watchMs) {
      console.log(
        `Stopped following after ${watchMs / 1000} s: ${
          waiting.length
        } callers still on.`,
      );
      break;
    }
  }
  const callerCalls = placed.map(p => calls.find(c => c.sid === p.sid));
  report(callerCalls, calls, await reachedHotline(callerCalls));
}

/**
 * When each call reached the hotline (its alert's time, in ms, by call
 * SID): the order the line serves callers in. Calls placed together can
 * reach it in another order than they were placed in. Undefined when the
 * alerts cannot be read.
 */
async function reachedHotline(callerCalls) {
  const reached = new Map();
  for (const call of callerCalls) {
    const res = await fetch(
      `${BACKEND}/api/incoming-call/alerts?${new URLSearchParams({
        caller: call.from,
        limit: '20',
      })}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (!res.ok) return undefined;
    // The caller filter is a prefix: the newest alert of exactly this number.
    const alert = (await res.json()).items.find(
      a => a.callerNumber === call.from,
    );
    if (!alert) return undefined;
    reached.set(call.sid, Date.parse(alert.createdAt));
  }
  return reached;
}

/**
 * Callers connected before an earlier one (by `arrivedAt`) who was still
 * waiting then.
 */
function overtaken(callerCalls, arrivedAt) {
  const found = [];
  for (const later of callerCalls) {
    const since = later.bridges[0]?.since;
    if (since === undefined) continue;
    for (const earlier of callerCalls) {
      if (earlier === later || arrivedAt(earlier) >= arrivedAt(later)) continue;
      const earlierSince =
        earlier.bridges[0]?.since ?? earlier.endedAt ?? Infinity;
      if (earlierSince > since)
        found.push(`${later.from} before ${earlier.from}`);
    }
  }
  return found;
}

/** A summary line: whether nobody was overtaken, else who overtook whom. */
function orderLine(label, found) {
  return found.length === 0
    ? `  ${label}: yes`
    : `  ${label}: no (${found.length}): ${found.slice(0, 10).join('; ')}`;
}

/** What the burst's callers went through, and the line's summary. */
function report(callerCalls, calls, reached) {
  const bySid = new Map(calls.map(c => [c.sid, c]));
  const t0 = Math.min(...callerCalls.map(c => c.createdAt));
  const at = ms => `+${((ms - t0) / 1000).toFixed(1)}s`;
  // The welcome and menu every caller heard alike; what follows is theirs.
  const shared =
    callerCalls.length < 2 ? 0 : commonPrefix(callerCalls.map(c => c.heard));
  const byArrival = [...callerCalls].sort(
    (a, b) => a.createdAt - b.createdAt || (a.sid < b.sid ? -1 : 1),
  );
  console.log('\nPer caller, in the order placed:');
  byArrival.forEach((c, i) => {
    const bridge = c.bridges[0];
    const leg = bridge && bySid.get(bridge.with);
    console.log(
      `${String(i + 1).padStart(3)}. ${c.from} called at ${at(c.createdAt)}${
        reached ? `, reached the hotline at ${at(reached.get(c.sid))}` : ''
      }`,
    );
    const heard = c.heard
      .slice(shared)
      .filter(line => !line.startsWith('[hold music'));
    for (const line of new Set(heard)) console.log(`       heard: ${line}`);
    console.log(
      bridge
        ? `       answered by ${leg?.to ?? bridge.with} at ${at(
            bridge.since,
          )} (waited ${((bridge.since - c.createdAt) / 1000).toFixed(1)} s)`
        : `       not connected: ${c.status}${
            c.endedAt ? ` at ${at(c.endedAt)}` : ''
          }`,
    );
  });

  // The responder legs placed for these callers (browsers call in).
  const legs = calls.filter(c => c.direction !== 'inbound');
  const phones = new Map();
  for (const leg of legs) {
    const intervals = phones.get(leg.to) ?? [];
    intervals.push([leg.createdAt, leg.endedAt ?? Infinity]);
    phones.set(leg.to, intervals);
  }
  const served = callerCalls.filter(c => c.bridges.length).length;
  const waits = callerCalls
    .filter(c => c.bridges.length)
    .map(c => c.bridges[0].since - c.createdAt);
  console.log('\nSummary:');
  console.log(
    `  ${served} of ${callerCalls.length} callers connected to a responder`,
  );
  if (waits.length) {
    console.log(
      `  waits: longest ${(Math.max(...waits) / 1000).toFixed(1)} s, mean ${(
        waits.reduce((sum, w) => sum + w, 0) /
        waits.length /
        1000
      ).toFixed(1)} s`,
    );
  }
  if (reached) {
    console.log(
      orderLine(
        'connected in arrival order (as the calls reached the hotline)',
        overtaken(callerCalls, c => reached.get(c.sid)),
      ),
    );
    const reordered = callerCalls.filter(c =>
      callerCalls.some(
        d =>
          d.createdAt < c.createdAt && reached.get(d.sid) > reached.get(c.sid),
      ),
    ).length;
    if (reordered > 0) {
      console.log(
        `  ${reordered} calls reached the hotline ahead of calls placed before them (in transit: webhooks placed together do not arrive in order)`,
      );
    }
  }
  console.log(
    orderLine(
      'connected in the order placed',
      overtaken(callerCalls, c => c.createdAt),
    ),
  );
  for (const [phone, intervals] of phones) {
    const most = maxOverlap(intervals);
    console.log(
      `  ${phone}: ${intervals.length} legs, at most ${most} at once${
        most > 1 ? '  <-- rung while busy' : ''
      }`,
    );
  }
}

/** How many first lines all the lists share. */
function commonPrefix(lists) {
  let i = 0;
  while (lists.every(l => i < l.length && l[i] === lists[0][i])) i++;
  return i;
}
