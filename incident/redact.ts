import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync, unzipSync, zipSync, type Zippable } from 'fflate';

/** What a secret is replaced with in every artifact. */
export const REDACTED = '[REDACTED]';

/** Shortest secret scrubbed; shorter values would match ordinary text everywhere. */
const MIN_SECRET_LENGTH = 4;
/** Shortest base64 fragment scrubbed; shorter ones are too likely to occur by chance. */
const MIN_BASE64_FRAGMENT = 8;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The forms a secret takes in artifacts: raw, JSON-escaped (once and twice), URL- and form-encoded, HTML-escaped. */
export function secretVariants(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const jsonTwice = JSON.stringify(json).slice(1, -1);
  const url = encodeURIComponent(secret);
  const html = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  // application/x-www-form-urlencoded (what a GET form puts in the URL) also encodes !'()~ and uses + for spaces.
  const form = url.replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
  const unicodeJson = secret.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const variants = [
    secret,
    json,
    jsonTwice,
    url,
    url.replace(/%20/g, '+'),
    form,
    url.toLowerCase() === url ? url : url.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    html,
    unicodeJson,
  ];
  return [...new Set(variants)].filter((variant) => variant.length >= MIN_SECRET_LENGTH);
}

/**
 * Base64 fragments that appear wherever the secret's bytes sit inside a longer base64 text, at each of the
 * three byte alignments; only the characters that depend on the secret alone.
 */
export function base64Fragments(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const fragments: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const fragment = encoded.slice(start, end);
    if (fragment.length >= MIN_BASE64_FRAGMENT) fragments.push(fragment);
  }
  return fragments;
}

// A data: URL's payload (group 1), or a bare base64 run long enough to hold a secret.
const BASE64_BLOB = /data:[\w.+-]+\/[\w.+-]+(?:;[\w=.-]+)*;base64,([A-Za-z0-9+/]+={0,2})|[A-Za-z0-9+/]{16,}={0,2}/g;

/** A compiled scrubber for a set of secrets; build once, apply to many files. */
export interface Scrubber {
  /** Text (or bytes read as latin1) with every secret form replaced. */
  readonly text: (input: string) => string;
  /** Bytes with every secret replaced, recursing into zip and gzip containers and base64 blobs. */
  readonly bytes: (input: Uint8Array) => Uint8Array;
}

/** Builds a scrubber for secrets (values shorter than 4 characters are ignored). */
export function createScrubber(secrets: readonly string[]): Scrubber {
  const usable = [...new Set(secrets)].filter((secret) => secret.length >= MIN_SECRET_LENGTH);
  // Work on latin1 strings so every byte maps to one char: UTF-8 secrets match byte for byte, binaries survive.
  const toLatin1 = (value: string) => Buffer.from(value, 'utf8').toString('latin1');
  const plain = usable
    .flatMap(secretVariants)
    .map(toLatin1)
    .sort((a, b) => b.length - a.length);
  const fragments = usable.flatMap(base64Fragments);
  const plainPattern = plain.length > 0 ? new RegExp(plain.map(escapeRegExp).join('|'), 'g') : undefined;
  const fragmentPattern = fragments.length > 0 ? new RegExp(fragments.map(escapeRegExp).join('|'), 'g') : undefined;
  const fragmentProbe = fragmentPattern ? new RegExp(fragmentPattern.source) : undefined;

  const scrubLatin1 = (input: string, depth: number): string => {
    let output = plainPattern ? input.replace(plainPattern, REDACTED) : input;
    if (depth >= 4) return output;
    const worthDecoding = output.includes('base64,') || (fragmentProbe !== undefined && fragmentProbe.test(output));
    if (!worthDecoding) return output;
    // Base64 blobs (HTML report data, attachment bodies in report.jsonl): decode, scrub, re-encode.
    output = output.replace(BASE64_BLOB, (match, dataPayload: string | undefined) => {
      if (dataPayload === undefined && !fragmentProbe?.test(match)) return match;
      const payload = dataPayload ?? match;
      if (payload.length % 4 !== 0) return match;
      const decoded = Buffer.from(payload, 'base64');
      if (decoded.toString('base64') !== payload) return match;
      const scrubbed = scrubBytes(decoded, depth + 1);
      if (scrubbed === decoded) return match;
      const encoded = Buffer.from(scrubbed).toString('base64');
      return dataPayload === undefined ? encoded : match.slice(0, match.length - payload.length) + encoded;
    });
    // Whatever base64 could not be decoded as a whole: blank the secret's own characters ('A' keeps it valid base64).
    if (fragmentPattern) output = output.replace(fragmentPattern, (fragment) => 'A'.repeat(fragment.length));
    return output;
  };

  const scrubBytes = (input: Uint8Array, depth: number): Uint8Array => {
    if (usable.length === 0) return input;
    if (isZip(input) && depth < 6) {
      const scrubbed = scrubZip(input, (entry) => scrubBytes(entry, depth + 1));
      if (scrubbed) return scrubbed;
    }
    if (isGzip(input) && depth < 6) {
      try {
        const inner = gunzipSync(input);
        const scrubbed = scrubBytes(inner, depth + 1);
        return scrubbed === inner ? input : gzipSync(scrubbed);
      } catch {
        // Not really gzip: treat as plain bytes.
      }
    }
    const latin1 = Buffer.from(input).toString('latin1');
    const scrubbed = scrubLatin1(latin1, depth);
    return scrubbed === latin1 ? input : Buffer.from(scrubbed, 'latin1');
  };

  return {
    text: (input) => Buffer.from(scrubLatin1(Buffer.from(input, 'utf8').toString('latin1'), 0), 'latin1').toString('utf8'),
    bytes: (input) => scrubBytes(input, 0),
  };
}

/** Replaces every secret in a string (the reporter redacts its own output with this). */
export function redactText(text: string, secrets: readonly string[]): string {
  return createScrubber(secrets).text(text);
}

const isZip = (bytes: Uint8Array) =>
  bytes.length > 4 &&
  bytes[0] === 0x50 &&
  bytes[1] === 0x4b &&
  (bytes[2] === 0x03 || bytes[2] === 0x05) &&
  (bytes[3] === 0x04 || bytes[3] === 0x06);
const isGzip = (bytes: Uint8Array) => bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** Rewrites a zip with every entry passed through `scrubEntry`; undefined when it is not a readable zip. Unchanged zips come back as is. */
export function scrubZip(zip: Uint8Array, scrubEntry: (entry: Uint8Array) => Uint8Array): Uint8Array | undefined {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch {
    return undefined;
  }
  let changed = false;
  const out: Zippable = {};
  for (const [name, content] of Object.entries(entries)) {
    const scrubbed = scrubEntry(content);
    if (scrubbed !== content) changed = true;
    out[name] = scrubbed;
  }
  return changed ? zipSync(out, { level: 6 }) : zip;
}

async function* filesUnder(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    if ((await stat(dir)).isFile()) {
      yield dir;
      return;
    }
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (entry.isFile()) yield full;
  }
}

/** Files larger than this are left alone and listed, so a huge video cannot stall the run. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

/** What redactTree did: files rewritten, and files it could not read or that were too large. */
export interface RedactResult {
  readonly scanned: number;
  readonly rewritten: readonly string[];
  readonly skipped: readonly string[];
}

/**
 * Rewrites every file under `dirs` (a file path counts as itself) with each secret (and its encoded forms) replaced by [REDACTED],
 * inside zips (traces, blob reports) and base64 blobs (HTML report data) too. Missing dirs are ignored.
 */
export async function redactTree(dirs: readonly string[], secrets: readonly string[]): Promise<RedactResult> {
  const scrubber = createScrubber(secrets);
  const seen = new Set<string>();
  const rewritten: string[] = [];
  const skipped: string[] = [];
  for (const dir of dirs) {
    for await (const file of filesUnder(path.resolve(dir))) {
      if (seen.has(file)) continue;
      seen.add(file);
      try {
        if ((await stat(file)).size > MAX_FILE_BYTES) {
          skipped.push(file);
          continue;
        }
        const content = await readFile(file);
        const scrubbed = scrubber.bytes(content);
        if (scrubbed !== content) {
          await writeFile(file, scrubbed);
          rewritten.push(file);
        }
      } catch {
        skipped.push(file);
      }
    }
  }
  return { scanned: seen.size, rewritten, skipped };
}
