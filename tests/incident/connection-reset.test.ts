import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { expect } from '@playwright/test';
import { runPlantedAsync, test } from './planted-run';

/**
 * A target that closes the connection of the first request on each path without answering (a kept-alive connection
 * the server dropped just as the call went out), and answers every later one. It counts what it received.
 */
async function droppingTarget() {
  const received: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (chunk) => {
      const [method, path] = chunk.toString().split(' ');
      const line = `${method} ${path}`;
      const seen = received.includes(line);
      received.push(line);
      if (!seen) return socket.destroy();
      const page = path === '/diesel' && method === 'GET';
      const body = page
        ? '<input name="_csrf" value="planted-token">'
        : JSON.stringify({ status: 'ok', checks: { store: { status: 'ok' } } });
      socket.end(
        `HTTP/1.1 200 OK\r\ncontent-type: ${page ? 'text/html' : 'application/json'}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

test('a reset connection repeats a read-only call once, and never an order', async ({ reportsDir }) => {
  const target = await droppingTarget();
  try {
    const run = await runPlantedAsync('planted-reset', { BASE_URL: target.url, SEED_TOKEN: 'planted', FIREWATCH_REPORTS_DIR: reportsDir });
    expect(run.output, 'the read-only call passed on its second try; the order failed').toMatch(
      /1 failed[\s\S]*reset\.spec\.ts:\d+:\d+ › an order whose connection is reset is not sent again[\s\S]*1 passed/,
    );
    expect(run.output, 'the order failed with the reset itself').toContain('apiRequestContext.post: socket hang up');
    expect(
      target.received.filter((line) => line === 'GET /healthz'),
      'the health call: dropped once, sent again once',
    ).toHaveLength(2);
    expect(
      target.received.filter((line) => line === 'POST /diesel'),
      'the order: sent once, never repeated',
    ).toHaveLength(1);
  } finally {
    target.close();
  }
});
