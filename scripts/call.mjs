#!/usr/bin/env node
// Places a test call on the simulated phone network of a running embedded
// Backstage (./scripts/start.sh) and prints what everyone hears.
//
//   node scripts/call.mjs --to +14155550100 [--from +4930555000] [--keys 1]
//        [--phone +14155550101=no-answer] [--voicemail 10]
//
// Phone behaviours: confirm (default), voicemail-box, busy, no-answer, ring.
import { parseArgs } from 'node:util';

const BACKEND = process.env.BACKEND_URL ?? 'http://localhost:7007';
const { values } = parseArgs({
  options: {
    to: { type: 'string' },
    from: { type: 'string', default: '+4930555000' },
    keys: { type: 'string', default: '' },
    phone: { type: 'string', multiple: true, default: [] },
    voicemail: { type: 'string', default: '0' },
  },
});
if (!values.to) {
  console.error(
    'Usage: node scripts/call.mjs --to <a number saved on a team> [--from ...] [--keys 1] [--phone <number>=<behaviour>]',
  );
  process.exit(2);
}

async function api(path, init = {}) {
  const res = await fetch(`${BACKEND}/api/${path}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
  });
  if (!res.ok)
    throw new Error(
      `${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`,
    );
  return res.status === 204 ? undefined : res.json();
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

for (const setting of values.phone) {
  const [number, behaviour] = setting.split('=');
  await api(`phone-network/phones/${encodeURIComponent(number)}`, {
    method: 'PUT',
    body: JSON.stringify({ behaviour }),
  });
}

const before = new Set((await api('phone-network/calls')).map(c => c.sid));
const call = await api('phone-network/calls', {
  method: 'POST',
  body: JSON.stringify({
    from: values.from,
    to: values.to,
    keys: values.keys ? values.keys.split('') : [],
    voicemailSeconds: Number(values.voicemail),
  }),
});
console.log(`Calling ${values.to} from ${values.from} (${call.sid})`);

const printed = new Map();
const FINAL = ['completed', 'busy', 'no-answer', 'canceled', 'failed'];
for (let second = 0; second < 60; second++) {
  await new Promise(r => setTimeout(r, 1000));
  const calls = await api('phone-network/calls');
  for (const c of calls.filter(c => !before.has(c.sid))) {
    const who = c.sid === call.sid ? 'caller' : `responder ${c.to}`;
    const seen = printed.get(c.sid) ?? { heard: 0, status: '' };
    for (const line of c.heard.slice(seen.heard))
      console.log(`  ${who} hears: ${line}`);
    if (c.status !== seen.status)
      console.log(
        `  ${who}: ${c.status}${c.bridgedWith ? ' (connected)' : ''}`,
      );
    printed.set(c.sid, { heard: c.heard.length, status: c.status });
  }
  const caller = calls.find(c => c.sid === call.sid);
  if (caller.bridgedWith) {
    console.log(
      'Connected. Hanging up in 3 seconds; the alert timeline is on the team page.',
    );
    await new Promise(r => setTimeout(r, 3000));
    await api(`phone-network/calls/${call.sid}/hangup`, { method: 'POST' });
    break;
  }
  if (FINAL.includes(caller.status)) {
    console.log('The call is over; the alert timeline is on the team page.');
    break;
  }
}
