import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { expect } from '@playwright/test';
import { BUNDLED_PORTAL_SEED_TOKEN } from '../../config';
import { readIncident, readSummary, reportPaths } from '../../contract';
import { HOSTILE_TEXT, startHostileProxy, type ProxyShape } from '../support/hostile-proxy';
import { processTest } from '../support/process-test';
import { startReceiver } from '../support/receiver';
import { ROOT, runTsx, startPortalInProcess } from '../support/processes';

const test = processTest;

/**
 * The gate against shapes real infrastructure takes, not faults the portal injects itself: a proxy in front of a
 * healthy portal answers for it. Each shape must read as the outage members see (exit 1, an incident on availability
 * at SEV-1), never as the suite's own error, and nothing the target sent may reach a person unescaped.
 */
const SHAPES: { shape: ProxyShape; why: string }[] = [
  { shape: 'html-503', why: "nginx's HTML 503 on every path" },
  { shape: 'healthz-html', why: 'a health endpoint that answers HTML' },
  { shape: 'default-page', why: "a web server's default page instead of the portal" },
  { shape: 'hostile', why: 'a 503 whose body carries HTML, Markdown, Slack mrkdwn and terminal control sequences' },
];

// Control sequences a terminal acts on (window title, screen clear, clipboard) and the lines a Markdown reader would take as structure.
// eslint-disable-next-line no-control-regex -- the test looks for the terminal control sequences the hostile proxy sent.
const TERMINAL_CONTROL = /\u001b\]|\u001b\[2J|\u0007/;

for (const { shape, why } of SHAPES) {
  test(`${why} is an availability incident at SEV-1 (exit 1), and nothing it sent reaches a report unescaped`, async () => {
    // One portal and one gate run, whose other flows are skipped as blocked while the instance is down.
    test.setTimeout(180_000);
    const portal = await startPortalInProcess({});
    const proxy = await startHostileProxy(portal.url, shape);
    const reportsDir = path.join(ROOT, 'reports', 'real-world', shape);
    await rm(reportsDir, { recursive: true, force: true });
    try {
      // One worker and no retry: what is judged is the verdict and what reaches people, not the retry (the matrix's part).
      const run = await runTsx('scripts/smoke.ts', ['--workers=1', '--retries=0'], {
        BASE_URL: proxy.url,
        SEED_TOKEN: '',
        FIREWATCH_REPORTS_DIR: reportsDir,
      });
      expect(run.exitCode, `exit code under "${shape}":\n${run.output.slice(-3000)}`).toBe(1);
      expect(run.output, 'no terminal control sequence from the target reaches the terminal').not.toMatch(TERMINAL_CONTROL);

      const summary = await readSummary(reportsDir);
      expect(summary.verdict).toBe('failed');
      const availability = summary.flows.find((flow) => flow.id === 'availability');
      expect(availability, 'availability is the failed flow').toMatchObject({ status: 'failed', severity: 'SEV-1', effect: 'down' });
      if (shape !== 'default-page' && shape !== 'healthz-html') expect(availability?.errorClass).toBe('http-5xx');

      const report = await readIncident(reportsDir);
      expect(
        report?.incident.rootCauses.map((root) => root.flowId),
        'one root cause: availability',
      ).toEqual(['availability']);
      const markdown = report?.markdown ?? '';
      const incidentJson = await readFile(reportPaths(reportsDir).incidentJson, 'utf8');
      for (const [name, text] of [
        ['INCIDENT.md', markdown],
        ['incident.json', incidentJson],
      ] as const) {
        expect(text, `${name}: no terminal control sequence`).not.toMatch(TERMINAL_CONTROL);
        expect(text.length, `${name}: capped in size`).toBeLessThan(400_000);
      }
      expect(markdown, 'INCIDENT.md: no raw HTML from the target').not.toMatch(/<script|<img /i);
      expect(markdown, 'INCIDENT.md: the target cannot add headings of its own').not.toMatch(/^#+ Fake heading/m);
      expect(HOSTILE_TEXT).toContain('Fake heading');
    } finally {
      await proxy.stop();
      await portal.stop();
    }
  });
}

for (const shape of ['redirect-login', 'redirect-login-post'] as const) {
  test(`a sign-in redirected to another origin (${shape}) fails member login by name and sends no credential there`, async () => {
    // One portal and one run of the member-login checks.
    test.setTimeout(180_000);
    const portal = await startPortalInProcess({ seedToken: BUNDLED_PORTAL_SEED_TOKEN });
    const elsewhere = await startReceiver();
    const proxy = await startHostileProxy(portal.url, shape, elsewhere.url);
    const reportsDir = path.join(ROOT, 'reports', 'real-world', shape);
    await rm(reportsDir, { recursive: true, force: true });
    try {
      const run = await runTsx('scripts/smoke.ts', ['--grep', '@flow-member-login', '--workers=1', '--retries=0'], {
        BASE_URL: proxy.url,
        SEED_TOKEN: '',
        FIREWATCH_REPORTS_DIR: reportsDir,
      });
      expect(run.exitCode, run.output.slice(-3000)).toBe(1);
      // (Both origins are on 127.0.0.1 here, whose cookies a browser shares across ports; the password is the test.)
      const leaked = elsewhere.received.filter((request) => /password|passwort/i.test(request.raw));
      expect(leaked, 'no password reached the other origin').toEqual([]);
      const summary = await readSummary(reportsDir);
      expect(summary.flows.find((flow) => flow.id === 'member-login')?.status).toBe('failed');
      const report = await readIncident(reportsDir);
      expect(report?.markdown, 'the incident names the redirect').toContain('Sign-in left the portal');
    } finally {
      await proxy.stop();
      await elsewhere.close();
      await portal.stop();
    }
  });
}
