import { once } from 'node:events';
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The shapes real infrastructure in front of a portal takes, and what a hostile or broken target sends: the tests put
 * this proxy between the suite (or the probe) and the bundled portal. `pass` forwards everything untouched.
 */
export const PROXY_SHAPES = [
  'pass',
  'html-503',
  'html-502',
  'html-504',
  'default-page',
  'healthz-html',
  'hang',
  'huge',
  'hostile',
  'redirect-login',
  'redirect-login-post',
] as const;
export type ProxyShape = (typeof PROXY_SHAPES)[number];

/** nginx's own error page, as it answers for an upstream that is gone or overloaded. */
export const nginxErrorPage = (status: number, reason: string) =>
  `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n`;

const NGINX_WELCOME =
  '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and working.</p>\n</body>\n</html>\n';

/**
 * Text a hostile target could send, one line for each place it could do harm: HTML and a script, a Markdown code fence
 * closed early with a heading after it, a Slack broadcast and link, terminal control sequences (window title, screen
 * clear, clipboard write).
 */
export const HOSTILE_TEXT = [
  '<script>alert("owned")</script><img src=x onerror=alert(1)>',
  '```\n# Fake heading: all clear, nobody needs to act\n```',
  '<!channel> <https://evil.example/|click here>',
  '\u001b]0;pwned-title\u0007\u001b[2J\u001b[H\u001b]52;c;cHduZWQ=\u0007',
].join('\n');

const REASON: Record<number, string> = { 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out' };

export interface HostileProxy {
  readonly url: string;
  /** Changes what the proxy does from the next request on. */
  shape: ProxyShape;
  stop(): Promise<void>;
}

/**
 * Starts the proxy on a free loopback port in front of `upstream`. `elsewhere` is the foreign origin the redirect shapes
 * send the sign-in to: the login page (`redirect-login`) or the form's POST (`redirect-login-post`, a 307 that keeps the
 * body).
 */
export async function startHostileProxy(
  upstream: string,
  shape: ProxyShape = 'pass',
  elsewhere = 'http://127.0.0.2:9',
): Promise<HostileProxy> {
  const target = new URL(upstream);
  const hanging = new Set<ServerResponse>();
  const proxy: HostileProxy = { url: '', shape, stop: () => Promise.resolve() };

  const answer = (res: ServerResponse, status: number, body: string, type = 'text/html') => {
    res.writeHead(status, { 'content-type': type, server: 'nginx/1.22.1', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const pass = (req: IncomingMessage, res: ServerResponse) => {
    const upstreamRequest = forward(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (upstreamResponse) => {
        res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(res);
      },
    );
    upstreamRequest.on('error', () => answer(res, 502, nginxErrorPage(502, REASON[502]!)));
    req.pipe(upstreamRequest);
  };

  const server = createServer((req, res) => {
    switch (proxy.shape) {
      case 'pass':
        return pass(req, res);
      case 'html-502':
      case 'html-503':
      case 'html-504': {
        const status = Number(proxy.shape.slice(5));
        return answer(res, status, nginxErrorPage(status, REASON[status]!));
      }
      case 'default-page':
        return answer(res, 200, NGINX_WELCOME);
      case 'healthz-html':
        return req.url?.startsWith('/healthz') ? answer(res, 200, NGINX_WELCOME) : pass(req, res);
      case 'hang':
        // Accepts the request and never answers, as a stuck upstream behind a proxy without timeouts does.
        hanging.add(res);
        return undefined;
      case 'huge':
        return answer(
          res,
          503,
          `<html><head><title>503 Service Unavailable</title></head><body>${'x'.repeat(3 * 1024 * 1024)}</body></html>`,
        );
      case 'hostile':
        return answer(res, 503, `${HOSTILE_TEXT}\n${HOSTILE_TEXT}`, 'text/plain');
      case 'redirect-login':
      case 'redirect-login-post': {
        const method = proxy.shape === 'redirect-login' ? 'GET' : 'POST';
        if (!req.url?.startsWith('/anmelden') || req.method !== method) return pass(req, res);
        res.writeHead(method === 'GET' ? 302 : 307, { location: `${elsewhere}/anmelden`, server: 'nginx/1.22.1' });
        return res.end();
      }
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  });
}
