#!/usr/bin/env node
// Places a test call on the simulated phone network of a running embedded
// Backstage (./scripts/start.sh), prints what everyone hears and the text
// messages the phones receive, and plays the parties of a call from another
// terminal.
import { parseArgs } from 'node:util';

const HELP = `Usage:
  node scripts/call.mjs --to <number> [options]   place a call and follow it
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
  --phone <number>=<how>     how a responder phone behaves; repeatable:
                             confirm (default), ring (until answered by hand
                             or the ring timeout), voicemail-box, busy, no-answer
  --voicemail <seconds>      length of the message the caller leaves (default 0)
  --hang-up-after <seconds>  the caller hangs up after this long
  --watch <seconds>          how long to follow the call (default 120)

BACKEND_URL (default http://localhost:7007) is the Backstage backend.`;

const BACKEND = process.env.BACKEND_URL ?? 'http://localhost:7007';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    help: { type: 'boolean', short: 'h' },
    to: { type: 'string' },
    from: { type: 'string', default: '+4930555000' },
    keys: { type: 'string', default: '' },
    phone: { type: 'string', multiple: true, default: [] },
    voicemail: { type: 'string', default: '0' },
    'hang-up-after': { type: 'string' },
    watch: { type: 'string', default: '120' },
  },
});
const [command, sid, digits] = positionals;
const usable =
  (command === undefined && values.to) ||
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

for (const setting of values.phone) {
  const [number, behaviour] = setting.split('=');
  await api(`phones/${encodeURIComponent(number)}`, {
    method: 'PUT',
    body: JSON.stringify({ behaviour }),
  });
}

const before = new Set((await api('calls')).map(c => c.sid));
const messagesBefore = new Set((await api('messages')).map(m => m.sid));
const hangUpAfter = values['hang-up-after'];
const call = await api('calls', {
  method: 'POST',
  body: JSON.stringify({
    from: values.from,
    to: values.to,
    keys: values.keys ? values.keys.split('') : [],
    voicemailSeconds: Number(values.voicemail),
    hangUpAfterSeconds:
      hangUpAfter === undefined ? undefined : Number(hangUpAfter),
  }),
});
console.log(`Calling ${values.to} from ${values.from} (caller ${call.sid})`);
console.log(
  'Play the parties from another terminal: node scripts/call.mjs press|answer|hangup <sid> ...',
);

const printed = new Map();
const FINAL = ['completed', 'busy', 'no-answer', 'canceled', 'failed'];
for (let second = 0; second < Number(values.watch); second++) {
  await new Promise(r => setTimeout(r, 1000));
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
    await new Promise(r => setTimeout(r, 3000));
    await api(`calls/${call.sid}/hangup`, { method: 'POST' });
    break;
  }
  if (FINAL.includes(caller.status)) {
    console.log('The call is over; the alert timeline is on the team page.');
    break;
  }
}
