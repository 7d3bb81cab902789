import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';

/** One request as the receiver got it: raw body bytes as text, parsed JSON when it is JSON, and when. */
export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly raw: string;
  readonly json: unknown;
  readonly status: number;
  readonly at: number;
}

export interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/**
 * A real HTTP server on loopback standing in for PagerDuty, Slack or a webhook: records every request and answers
 * from a script (e.g. first 500, then 202), falling back to a fixed success answer.
 */
export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  /** Requests answered with a 2xx: what the service accepted. */
  accepted(): Received[];
  /** Queues answers for the next requests, in order. */
  script(...replies: Reply[]): void;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 and a free port. */
export async function startReceiver(success: Reply = { status: 200, body: 'ok' }): Promise<Receiver> {
  const received: Received[] = [];
  const queue: Reply[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        json = undefined;
      }
      const reply = queue.shift() ?? success;
      received.push({ path: request.url ?? '/', headers: request.headers, raw, json, status: reply.status, at: Date.now() });
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(reply.body ?? '');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('Receiver got no port.');
  return {
    url: `http://127.0.0.1:${address.port}`,
    received,
    accepted: () => received.filter((entry) => entry.status >= 200 && entry.status < 300),
    script: (...replies) => queue.push(...replies),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** PagerDuty's answer to an accepted event. */
export const PAGERDUTY_ACCEPTED: Reply = { status: 202, body: JSON.stringify({ status: 'success', message: 'Event processed' }) };
