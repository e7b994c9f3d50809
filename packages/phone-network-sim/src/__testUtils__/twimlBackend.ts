import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { type Clock, ManualClock } from '../clock';
import { SimulatedPhoneNetwork } from '../SimulatedPhoneNetwork';

export const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
export const AUTH_TOKEN = 'sim-test-token';
/** The backend's public root, which Twilio signs over. */
export const PUBLIC = 'https://backend.example.com';
export const HOTLINE = '+14155550100';

/** A webhook the backend received, and whether Twilio's signature checks out. */
export interface Received {
  path: string;
  params: Record<string, string>;
  signed: boolean;
}

/** The verbs to answer with (inside `<Response>`); undefined fails with 500. */
type Answer = (params: Record<string, string>) => string | undefined;

/**
 * A tiny backend answering the network's webhooks with TwiML per path
 * (an empty `<Response>` when there is no answer for it), recording every
 * request.
 */
export async function startTwimlBackend<C extends Clock = ManualClock>(
  clock: C = new ManualClock() as Clock as C,
  options: { firstSid?: number } = {},
) {
  const answers = new Map<string, Answer>();
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      const params = Object.fromEntries(new URLSearchParams(body));
      received.push({
        path,
        params,
        signed: twilio.validateRequest(
          AUTH_TOKEN,
          String(req.headers['x-twilio-signature']),
          `${PUBLIC}${path}`,
          params,
        ),
      });
      const answer = answers.get(path.split('?')[0]);
      const verbs = answer ? answer(params) : '';
      res.writeHead(verbs === undefined ? 500 : 200, {
        'Content-Type': 'text/xml',
      });
      res.end(verbs === undefined ? 'failed' : `<Response>${verbs}</Response>`);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const network = new SimulatedPhoneNetwork({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    deliverTo: url => url.replace(PUBLIC, local),
    clock,
    ...options,
  });
  network.addNumber(HOTLINE, {
    voiceUrl: `${PUBLIC}/voice`,
    statusCallback: `${PUBLIC}/status`,
  });
  return {
    network,
    clock,
    received,
    /** Requests to one path, in order. */
    to: (path: string) => received.filter(r => r.path.split('?')[0] === path),
    /** What the backend answers at `path`: verbs, or a function of the request. */
    answer(path: string, verbs: string | Answer) {
      answers.set(path, typeof verbs === 'string' ? () => verbs : verbs);
    },
    /** Lets the clock run on, then waits for the network to be quiet. */
    async advance(seconds: number) {
      if (!(clock instanceof ManualClock)) {
        throw new Error('Only a manual clock is advanced by hand');
      }
      await network.settled();
      await clock.advance(seconds * 1000);
      await network.settled();
    },
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

export type TwimlBackend = Awaited<
  ReturnType<typeof startTwimlBackend<ManualClock>>
>;
