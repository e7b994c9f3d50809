#!/usr/bin/env node
/*
 * A local receiver for forwarded alert events, to watch forwarding in the
 * embedded setup: add http://127.0.0.1:4000/hook as an HTTP endpoint under
 * Forwarding on a team's Incoming calls tab, save, and start this with the
 * secret the save showed. It checks each request's signature the way the
 * backend README says and prints each event once (a repeat of a delivery
 * is said to be one).
 *
 *   node scripts/webhook-receiver.mjs --secret <secret> [--port 4000]
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    secret: { type: 'string' },
    port: { type: 'string', default: '4000' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help || !values.secret) {
  console.log(
    'Usage: node scripts/webhook-receiver.mjs --secret <secret> [--port 4000]',
  );
  process.exit(values.help ? 0 : 1);
}

/** The backend README's check: the signature, and a timestamp within 5 minutes. */
function verify(rawBody, headers, secret) {
  const ts = headers['x-incoming-call-timestamp'];
  const got = Buffer.from(String(headers['x-incoming-call-signature']));
  const want = Buffer.from(
    `sha256=${createHmac('sha256', secret)
      .update(`${ts}.${rawBody}`)
      .digest('hex')}`,
  );
  return (
    got.length === want.length &&
    timingSafeEqual(got, want) &&
    Math.abs(Date.now() / 1000 - Number(ts)) < 300
  );
}

const seen = new Set();
http
  .createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString('utf8');
    if (!verify(body, req.headers, values.secret)) {
      console.log(`${new Date().toISOString()} refused: bad signature`);
      res.writeHead(401).end('bad signature');
      return;
    }
    const delivery = String(req.headers['x-incoming-call-delivery']);
    const { type, alert, event } = JSON.parse(body);
    const repeat = seen.has(delivery) ? ' (a repeat)' : '';
    seen.add(delivery);
    console.log(
      `${event.at} ${type}${repeat}: ${event.message} — ${alert.callerNumber} to ${alert.teamName}, ${alert.priority}, ${alert.status} ${alert.url}`,
    );
    res.writeHead(204).end();
  })
  .listen(Number(values.port), '127.0.0.1', () =>
    console.log(`Listening on http://127.0.0.1:${values.port}/hook`),
  );
