import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from '@playwright/test';
import { readIncident, readSummary } from '../../contract';
import { finalizeReports } from '../../incident/finalize';
import { runPlanted, test } from './planted-run';
import { findSecret } from './scan';

test('a planted probe password reaches no artifact after finalizeReports', async ({ reportsDir }) => {
  const secret = `Pl4nted-Secret-${randomBytes(4).toString('hex')}!ü&`;
  const stepSummary = path.join(reportsDir, 'github-step-summary.md');
  const run = runPlanted(
    'planted',
    { FIREWATCH_REPORTS_DIR: reportsDir, PROBE_PASSWORD: secret, GITHUB_STEP_SUMMARY: stepSummary },
    90_000,
  );
  expect(run.status, `nested run output:\n${run.stdout}\n${run.stderr}`).toBe(1);

  // The incident reporter redacts its own output.
  const summary = await readSummary(reportsDir);
  expect(summary.verdict).toBe('failed');
  expect(summary.flows).toEqual([expect.objectContaining({ id: 'member-login', status: 'failed', failingStep: 'Sign in' })]);
  const incident = await readIncident(reportsDir);
  expect(incident?.incident.title).toMatch(/^\[SEV-1\] Member login is down: /);
  expect(await findSecret(path.join(reportsDir, 'incident'), secret)).toEqual([]);
  expect(await readFile(path.join(reportsDir, 'summary.json'), 'utf8')).not.toContain('Pl4nted');
  const jobSummary = await readFile(stepSummary, 'utf8');
  expect(jobSummary).toContain(incident?.incident.title ?? 'no title');
  expect(jobSummary).not.toContain('Pl4nted');

  // Playwright's own artifacts do carry it: otherwise this test would prove nothing.
  const leaks = await findSecret(reportsDir, secret);
  for (const place of ['blob', 'test-results', 'junit.xml', 'html', 'allure-results']) {
    expect(
      leaks.some((leak) => leak.startsWith(place)),
      `expected a raw leak under ${place}: ${leaks.join(', ')}`,
    ).toBe(true);
  }
  expect(
    leaks.some((leak) => /trace\.zip!/.test(leak)),
    'expected the secret in a trace',
  ).toBe(true);

  const done = await finalizeReports({ reportsDir, secrets: [secret] });
  expect(done.join('\n')).toMatch(/scrubbed [1-9]\d* of \d+ files/);
  expect(existsSync(path.join(reportsDir, 'html', 'index.html'))).toBe(true);
  expect(existsSync(path.join(reportsDir, 'junit.xml'))).toBe(true);
  expect(await findSecret(reportsDir, secret)).toEqual([]);
});

test('a healthy run writes a passing summary and removes a stale incident', async ({ reportsDir }) => {
  await mkdir(path.join(reportsDir, 'incident'), { recursive: true });
  await writeFile(path.join(reportsDir, 'incident', 'INCIDENT.md'), '# stale incident');
  await writeFile(path.join(reportsDir, 'incident', 'incident.json'), '{}');
  const run = runPlanted(
    'planted',
    { FIREWATCH_REPORTS_DIR: reportsDir, PROBE_PASSWORD: 'Pl4nted-Secret-healthy', PLANTED_HEALTHY: '1' },
    90_000,
  );
  expect(run.status, `nested run output:\n${run.stdout}\n${run.stderr}`).toBe(0);
  const summary = await readSummary(reportsDir);
  expect(summary.verdict).toBe('passed');
  expect(summary.flows).toEqual([
    {
      id: 'member-login',
      status: 'passed',
      durationMs: expect.any(Number),
      failingStep: null,
      errorClass: null,
      effect: null,
      severity: null,
    },
  ]);
  expect(existsSync(path.join(reportsDir, 'incident', 'INCIDENT.md'))).toBe(false);
  expect(existsSync(path.join(reportsDir, 'incident', 'incident.json'))).toBe(false);
});
