import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, unzipSync } from 'fflate';

/**
 * Finds a secret anywhere under a folder, independently of the redactor: raw and encoded forms, inside zips
 * (recursively), gzip, and base64 runs at every alignment (HTML report data, attachment bodies).
 * Returns where it was found, e.g. "blob/report-1.zip!resources/abc.zip!trace.trace".
 */
export async function findSecret(root: string, secret: string): Promise<string[]> {
  const forms = [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)].map((form) => Buffer.from(form));
  const hits: string[] = [];
  const visit = (where: string, bytes: Uint8Array, depth: number): void => {
    const buffer = Buffer.from(bytes);
    if (forms.some((form) => buffer.includes(form))) hits.push(where);
    if (depth > 6) return;
    if (buffer[0] === 0x50 && buffer[1] === 0x4b) {
      try {
        for (const [name, entry] of Object.entries(unzipSync(bytes))) visit(`${where}!${name}`, entry, depth + 1);
      } catch {
        // Not a zip after all.
      }
    }
    if (buffer[0] === 0x1f && buffer[1] === 0x8b) {
      try {
        visit(`${where}!gunzip`, gunzipSync(bytes), depth + 1);
      } catch {
        // Not gzip after all.
      }
    }
    const text = buffer.toString('latin1');
    for (const match of text.matchAll(/[A-Za-z0-9+/]{12,}={0,2}/g)) {
      for (let skip = 0; skip < 4; skip++) {
        const run = match[0].slice(skip);
        const decoded = Buffer.from(run.slice(0, run.length - (run.length % 4)), 'base64');
        if (decoded.length >= secret.length) visit(`${where}!base64@${match.index}+${skip}`, decoded, depth + 1);
      }
    }
  };
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else visit(path.relative(root, full), await readFile(full), 0);
    }
  };
  await walk(root);
  return [...new Set(hits)];
}
