import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got, and what it answered (`hung` if nothing). */
export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number | 'hung';
}

/**
 * A local HTTP endpoint that forwarded events are sent to. `answer` picks
 * each request's status by its number (0 first), or `hang` to never answer
 * (until `release`). It can stop and start again on the same port, as a
 * receiver that is down for a while.
 */
export async function startWebhookReceiver(
  answer: (index: number) => number | 'hang' = () => 200,
) {
  const requests: ReceivedRequest[] = [];
  const hanging: http.ServerResponse[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const status = answer(requests.length);
    requests.push({
      path: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      answered: status === 'hang' ? 'hung' : status,
    });
    if (status === 'hang') hanging.push(res);
    else res.writeHead(status).end(status < 300 ? 'ok' : 'receiver failed');
  });
  let port = 0;
  const start = () =>
    new Promise<void>(resolve =>
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      }),
    );
  const stop = () => {
    hanging.splice(0).forEach(res => res.destroy());
    server.closeAllConnections();
    return new Promise<void>(resolve => server.close(() => resolve()));
  };
  await start();
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    requests,
    /** The requests answered with a 2xx. */
    accepted: () =>
      requests.filter(r => typeof r.answered === 'number' && r.answered < 300),
    /** Answers the hanging requests. */
    release: (status = 200) =>
      hanging.splice(0).forEach(res => res.writeHead(status).end()),
    start,
    stop,
  };
}
