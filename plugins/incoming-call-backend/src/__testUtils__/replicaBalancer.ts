import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A load balancer in front of backend replicas, for webhooks: requests go
 * to the replicas in turn, and those `duplicate` picks are also sent to the
 * next replica at the same moment, as when Twilio retries a callback that a
 * slow replica has not answered yet. The first answer is passed back.
 */
export async function startReplicaBalancer(options: {
  /** The replicas' webhook roots, e.g. http://127.0.0.1:1234/api/…/webhooks */
  replicas: () => string[];
  duplicate?: (path: string) => boolean;
}) {
  let turn = 0;
  const forward = (target: string, req: http.IncomingMessage, body: Buffer) =>
    fetch(`${target}${req.url}`, {
      method: req.method,
      headers: {
        'Content-Type': String(req.headers['content-type']),
        'X-Twilio-Signature': String(req.headers['x-twilio-signature']),
      },
      body,
    });

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const replicas = options.replicas();
    const first = replicas[turn++ % replicas.length];
    const targets = [first];
    if (options.duplicate?.(req.url ?? '') && replicas.length > 1) {
      targets.push(replicas[turn % replicas.length]);
    }
    try {
      const [answer] = await Promise.all(
        targets.map(target => forward(target, req, body)),
      );
      res.writeHead(answer.status, {
        'Content-Type': answer.headers.get('content-type') ?? 'text/plain',
      });
      res.end(await answer.text());
    } catch (error) {
      res.writeHead(502).end(String(error));
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
