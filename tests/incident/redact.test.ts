import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { gzipSync, strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { REDACTED, base64Fragments, createScrubber, redactText, redactTree, secretVariants } from '../../incident/redact';
import { findSecret } from './scan';

const SECRET = 'Pl4nted-Secret-"q&x/7+ü';

test.describe('redaction', () => {
  test('text: raw, JSON-escaped, URL- and form-encoded, HTML-escaped', () => {
    const forms = [
      SECRET,
      JSON.stringify(SECRET).slice(1, -1),
      encodeURIComponent(SECRET),
      SECRET.replace(/&/g, '&amp;').replace(/"/g, '&quot;'),
    ];
    const text = forms.map((form) => `value=${form};`).join('\n');
    const out = redactText(text, [SECRET]);
    expect(out.split('\n')).toEqual(forms.map(() => `value=${REDACTED};`));
  });

  test('a secret set twice in JSON (JSON inside a JSON string) is found', () => {
    const nested = JSON.stringify({ params: JSON.stringify({ value: SECRET }) });
    expect(redactText(nested, [SECRET])).not.toContain('Pl4nted');
  });

  test('short or empty secrets are ignored rather than redacting ordinary text', () => {
    expect(redactText('abc a ab', ['a', 'ab', ''])).toBe('abc a ab');
    expect(secretVariants('abc')).toEqual([]);
  });

  test('base64 at every alignment inside a longer base64 text', () => {
    for (const prefix of ['', 'x', 'xy', 'xyz']) {
      const encoded = Buffer.from(`{"name":"probe","password":"${prefix}${SECRET}","more":"data data data"}`).toString('base64');
      const out = redactText(`"body":"${encoded}"`, [SECRET]);
      const decoded = Buffer.from(/"body":"(.*)"/.exec(out)?.[1] ?? '', 'base64').toString();
      expect(decoded).not.toContain('Pl4nted');
    }
    expect(base64Fragments(SECRET)).toHaveLength(3);
  });

  test('zip entries, nested zips and gzip are rewritten; an untouched zip stays byte for byte', () => {
    const inner = zipSync({
      'trace.trace': strToU8(`{"type":"action","params":{"value":"${SECRET}"}}`),
      'clean.txt': strToU8('nothing here'),
    });
    const outer = zipSync({
      'report.jsonl': strToU8(`{"secret":"${SECRET}"}`),
      'resources/trace.zip': inner,
      'log.gz': gzipSync(strToU8(SECRET)),
    });
    const scrubber = createScrubber([SECRET]);
    const out = scrubber.bytes(outer);
    const entries = unzipSync(out);
    expect(strFromU8(entries['report.jsonl'] as Uint8Array)).toBe(`{"secret":"${REDACTED}"}`);
    const innerOut = unzipSync(entries['resources/trace.zip'] as Uint8Array);
    expect(strFromU8(innerOut['trace.trace'] as Uint8Array)).toContain(REDACTED);
    expect(strFromU8(innerOut['clean.txt'] as Uint8Array)).toBe('nothing here');
    const clean = zipSync({ 'a.txt': strToU8('harmless') });
    expect(scrubber.bytes(clean)).toBe(clean);
  });

  test("the HTML report's embedded base64 zip is decoded, scrubbed and re-encoded", () => {
    const data = zipSync({ 'report.json': strToU8(JSON.stringify({ errors: [`Received: "${SECRET}"`] })) });
    const html = `<html><body><template id="playwrightReportBase64">data:application/zip;base64,${Buffer.from(data).toString('base64')}</template></body></html>`;
    const out = redactText(html, [SECRET]);
    const payload = /base64,([^<]+)</.exec(out)?.[1] ?? '';
    const report = strFromU8(unzipSync(Buffer.from(payload, 'base64'))['report.json'] as Uint8Array);
    expect(report).toContain(REDACTED);
    expect(report).not.toContain('Pl4nted');
  });

  test('redactTree rewrites files in several folders and the independent scanner finds nothing after', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'firewatch-redact-'));
    try {
      await mkdir(path.join(dir, 'reports', 'blob'), { recursive: true });
      await mkdir(path.join(dir, 'test-results', 'a'), { recursive: true });
      await writeFile(path.join(dir, 'reports', 'junit.xml'), `<failure message="Received: &quot;${SECRET}&quot;"/>`);
      await writeFile(
        path.join(dir, 'reports', 'blob', 'report.zip'),
        zipSync({ 'report.jsonl': strToU8(`{"body":"${Buffer.from(SECRET).toString('base64')}"}`) }),
      );
      await writeFile(path.join(dir, 'test-results', 'a', 'error-context.md'), `- textbox "Password": ${SECRET}`);
      await writeFile(path.join(dir, 'test-results', 'a', 'clean.txt'), 'nothing');
      expect(await findSecret(dir, SECRET)).toHaveLength(3);
      const result = await redactTree([path.join(dir, 'reports'), path.join(dir, 'test-results'), path.join(dir, 'missing')], [SECRET]);
      expect(result.scanned).toBe(4);
      expect(result.rewritten).toHaveLength(3);
      expect(await findSecret(dir, SECRET)).toEqual([]);
      expect(await readFile(path.join(dir, 'test-results', 'a', 'clean.txt'), 'utf8')).toBe('nothing');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
