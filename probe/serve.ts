import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { reportPaths } from '../contract';

/**
 * What the probe's HTTP server shows of the reports folder, read-only, at the paths the published folder has (so
 * `REPORT_BASE_URL=http://<probe host>:<port>/` makes every alert link open on the probe itself): the status pages and
 * the incident folders. Nothing else: not the state, spool, lock, history or register (internal, and the spool's
 * bodies name receivers), not the suite's raw output.
 */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.md': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
};

/** One path segment as a file or folder name of ours: no traversal, no hidden file, no separator however encoded. */
const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$/;

/** Deepest file inside an incident folder that is served (`<id>/screenshots/x.png`). */
const MAX_DEPTH = 3;

/**
 * The file a request path names, or undefined (then 404). `/probe/status.html` and `/probe/members.html` (also at
 * `/status.html` and `/members.html`), and `/probe/incidents/<id>/<file>`, where `/probe/incidents/<id>/` is its
 * INCIDENT.md.
 */
export function reportFileFor(reportsDir: string, pathname: string): { file: string; root: string } | undefined {
  let segments: string[];
  try {
    // Each segment decoded on its own: an encoded slash or dot-dot is a name here, and then refused below.
    segments = pathname.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const paths = reportPaths(reportsDir);
  const pages: Record<string, string> = { 'status.html': paths.probe.status, 'members.html': paths.probe.membersStatus };
  const [first, second, third, ...rest] = segments;
  if (segments.length === 1 && first && first in pages) return { file: pages[first]!, root: path.dirname(pages[first]!) };
  if (segments.length === 2 && first === 'probe' && second && second in pages)
    return { file: pages[second]!, root: path.dirname(pages[second]!) };
  if (first !== 'probe' || second !== 'incidents' || !third) return undefined;
  const inside = rest.length && rest.at(-1) === '' ? [...rest.slice(0, -1), 'INCIDENT.md'] : rest;
  if (!inside.length || inside.length > MAX_DEPTH) return undefined;
  if (![third, ...inside].every((segment) => SAFE_SEGMENT.test(segment))) return undefined;
  if (!CONTENT_TYPES[path.extname(inside.at(-1)!).toLowerCase()]) return undefined;
  return { file: path.join(paths.probe.incidents, third, ...inside), root: paths.probe.incidents };
}

/** Whether the real file (symlinks followed) lies inside the real root: a link pointing out is not served. */
async function within(file: string, root: string): Promise<boolean> {
  try {
    const [realFile, realRoot] = await Promise.all([realpath(file), realpath(root)]);
    return realFile.startsWith(realRoot + path.sep);
  } catch {
    return false;
  }
}

const notFound = (response: ServerResponse) =>
  response
    .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    .end('Not found. This firewatch probe serves /metrics, /probe/status.html and /probe/incidents/<incident id>/<file>.\n');

/**
 * Answers a GET or HEAD for a report file: 200 with its content type, or 404 for anything not named above, outside
 * the folders, not a regular file, or missing. Pages change after every run: never cached.
 */
export async function serveReportFile(reportsDir: string, request: IncomingMessage, response: ServerResponse, pathname: string) {
  const target = reportFileFor(reportsDir, pathname);
  if (!target || !(await within(target.file, target.root))) return notFound(response);
  const info = await stat(target.file).catch(() => undefined);
  if (!info?.isFile()) return notFound(response);
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(target.file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  if (request.method === 'HEAD') return response.end();
  createReadStream(target.file)
    .on('error', () => response.destroy())
    .pipe(response);
}
