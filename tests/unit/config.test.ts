import { expect, test } from '@playwright/test';
import { BUNDLED_PORTAL_SEED_TOKEN, ConfigError, describeConfig, dotenvProblem, isLoopbackUrl, parseConfig } from '../../config';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readIncident, readSummary, reportPaths } from '../../contract';
import { checkPortalFaults } from '../../scripts/bundled-portal';
import { writeText } from '../../incident/files';
import { runTsx } from '../support/processes';

test('defaults point at the bundled portal with its local seeding token', () => {
  const config = parseConfig({});
  expect(config).toMatchObject({
    baseURL: 'http://127.0.0.1:3000',
    bundledPortal: true,
    targetEnv: 'local',
    production: false,
    seedToken: BUNDLED_PORTAL_SEED_TOKEN,
    seed: 20261123,
    keepTestData: false,
  });
  expect(Object.isFrozen(config)).toBe(true);
});

test('BASE_URL and PORTAL_PORT are honoured, a trailing slash dropped', () => {
  expect(parseConfig({ BASE_URL: 'https://portal.example.org/', SEED_TOKEN: 'staging-token' }).baseURL).toBe('https://portal.example.org');
  expect(parseConfig({ PORTAL_PORT: '4312' }).baseURL).toBe('http://127.0.0.1:4312');
});

test('a loopback BASE_URL without SEED_TOKEN uses the documented local token; a remote one needs SEED_TOKEN', () => {
  expect(parseConfig({ BASE_URL: 'http://127.0.0.1:3000' })).toMatchObject({ bundledPortal: false, seedToken: BUNDLED_PORTAL_SEED_TOKEN });
  expect(parseConfig({ BASE_URL: 'http://localhost:4000' }).seedToken).toBe(BUNDLED_PORTAL_SEED_TOKEN);
  expect(parseConfig({ BASE_URL: 'http://127.0.0.1:3000', SEED_TOKEN: 'own-token' }).seedToken).toBe('own-token');
  expect(() => parseConfig({ BASE_URL: 'https://staging.portal.example', TARGET_ENV: 'staging' })).toThrow(
    /SEED_TOKEN is required when BASE_URL points at a remote portal with TARGET_ENV=staging.*\(not set\)/,
  );
  expect(isLoopbackUrl('http://[::1]:3000')).toBe(true);
  expect(isLoopbackUrl('http://127.0.0.1.example.org')).toBe(false);
});

test('an invalid value names the variable, what was given and what is allowed', () => {
  expect(() => parseConfig({ TARGET_ENV: 'prod' })).toThrow(ConfigError);
  expect(() => parseConfig({ TARGET_ENV: 'prod' })).toThrow(/TARGET_ENV must be one of: local, staging, production \(got "prod"\)/);
  expect(() => parseConfig({ BASE_URL: 'portal.example.org' })).toThrow(/BASE_URL must be an http\(s\) URL/);
  expect(() => parseConfig({ PORTAL_PORT: '70000' })).toThrow(/PORTAL_PORT must be between 1 and 65535/);
  expect(() => checkPortalFaults(parseConfig({ PORTAL_FAULTS: 'login-broken,bogus' }))).toThrow(
    /PORTAL_FAULTS.*unknown fault; allowed: instance-down/,
  );
  expect(() => parseConfig({ KEEP_TEST_DATA: 'maybe' })).toThrow(/KEEP_TEST_DATA must be true or false/);
});

test('production needs a target and the probe account, and never gets a seeding token', () => {
  expect(() => parseConfig({ TARGET_ENV: 'production' })).toThrow(/BASE_URL is required when TARGET_ENV=production/);
  expect(() => parseConfig({ TARGET_ENV: 'production', BASE_URL: 'https://p.example.org' })).toThrow(/PROBE_EMAIL is required/);
  const config = parseConfig({
    TARGET_ENV: 'production',
    BASE_URL: 'https://p.example.org',
    PROBE_EMAIL: 'probe@example.org',
    PROBE_PASSWORD: 'S3cret-probe',
    SEED_TOKEN: 'tok-should-not-be-used',
  });
  expect(config.production).toBe(true);
  expect(config.seedToken).toBeUndefined();
  expect(config.secrets).toEqual(expect.arrayContaining(['S3cret-probe']));
});

test('secret values are never echoed in a configuration error', () => {
  const message = (() => {
    try {
      parseConfig({ SLACK_WEBHOOK_URL: 'not a url but secret-ish' });
    } catch (error) {
      return (error as Error).message;
    }
    return '';
  })();
  expect(message).toContain('SLACK_WEBHOOK_URL');
  expect(message).not.toContain('secret-ish');
});

test('npm run smoke with a bad .env value exits 2 with one paragraph and no stack trace', async () => {
  const result = await runTsx('scripts/smoke.ts', [], {
    TARGET_ENV: 'prod',
    FIREWATCH_REPORTS_DIR: await mkdtemp(path.join(os.tmpdir(), 'firewatch-config-')),
  });
  expect(result.exitCode).toBe(2);
  expect(result.output.trim()).toMatch(/^Invalid firewatch configuration: TARGET_ENV must be one of/);
  expect(result.output.trim().split('\n')).toHaveLength(1);
  expect(result.output).not.toMatch(/\n\s+at /);
});

test('probe settings: defaults, and an invalid value names the variable', () => {
  const config = parseConfig({});
  expect(config.probe).toMatchObject({ confirmRuns: 2, location: expect.any(String) });
  expect(config.probe.location.length).toBeGreaterThan(0);
  expect(
    parseConfig({
      PROBE_CONFIRM_RUNS: '1',
      PROBE_RENOTIFY_MINUTES: '30',
      PROBE_LOCATION: 'fra-1',
      PROBE_MAINTENANCE_UNTIL: '2026-11-24T06:00:00+01:00',
    }).probe,
  ).toMatchObject({
    confirmRuns: 1,
    renotifyMinutes: 30,
    location: 'fra-1',
    maintenanceUntil: '2026-11-24T05:00:00.000Z',
  });
  expect(() => parseConfig({ PROBE_CONFIRM_RUNS: '0' })).toThrow(/PROBE_CONFIRM_RUNS must be at least 1 \(got "0"\)/);
  expect(() => parseConfig({ PROBE_RENOTIFY_MINUTES: '-5' })).toThrow(/PROBE_RENOTIFY_MINUTES must be a number of minutes greater than 0/);
  expect(() => parseConfig({ PROBE_MAINTENANCE_UNTIL: 'tomorrow' })).toThrow(/PROBE_MAINTENANCE_UNTIL must be an ISO 8601 time/);
  expect(() => parseConfig({ PAGERDUTY_ROUTING_KEY: 'short' })).toThrow(/PAGERDUTY_ROUTING_KEY must be the 32-character integration key/);
  expect(() => parseConfig({ WEBHOOK_SECRET: 'short-secret' })).toThrow(/WEBHOOK_SECRET must be at least 16 characters/);
  expect(() => parseConfig({ WEBHOOK_SECRET: 'short-secret' })).not.toThrow(/short-secret/);
});

test('npm run probe stops with exit 2 and one paragraph on an invalid setting or argument, before running anything', async () => {
  const env = { BASE_URL: 'http://127.0.0.1:9', PROBE_EMAIL: 'probe@example.org', PROBE_PASSWORD: 'S3cret-probe' };
  const bad = await runTsx('probe/main.ts', [], { ...env, PROBE_CONFIRM_RUNS: 'two' });
  expect(bad.exitCode).toBe(2);
  expect(bad.output).toMatch(/^Invalid firewatch configuration: PROBE_CONFIRM_RUNS must be a whole number of at least 1 \(got "two"\)\./);
  expect(bad.output).not.toMatch(/\n\s+at /);
  const usage = await runTsx('probe/main.ts', ['--every', 'soon'], env);
  expect(usage.exitCode).toBe(2);
  expect(usage.output).toContain('--every needs a number of seconds of at least 1 (got "soon").');
  const production = await runTsx('probe/main.ts', [], { BASE_URL: 'http://127.0.0.1:9', PROBE_EMAIL: '', PROBE_PASSWORD: '' });
  expect(production.exitCode).toBe(2);
  expect(production.output).toContain('PROBE_EMAIL is required when TARGET_ENV=production');
});

test('a remote BASE_URL without SEED_TOKEN: exit 2, summary verdict error naming the variable, ERROR.md, no incident', async () => {
  const reportsDir = await mkdtemp(path.join(os.tmpdir(), 'firewatch-config-'));
  try {
    // A stale incident from an earlier run must not survive a run that could not judge anything.
    await writeText(reportPaths(reportsDir).incidentMd, '# [SEV-1] old');
    const result = await runTsx('scripts/smoke.ts', [], {
      BASE_URL: 'https://staging.portal.example',
      TARGET_ENV: 'staging',
      SEED_TOKEN: '',
      FIREWATCH_REPORTS_DIR: reportsDir,
    });
    expect(result.exitCode, result.output).toBe(2);
    expect(result.output).toContain('SEED_TOKEN is required');
    const summary = await readSummary(reportsDir);
    expect(summary).toMatchObject({ verdict: 'error', targetUrl: 'https://staging.portal.example', suiteError: { kind: 'configuration' } });
    expect(summary.suiteError?.message).toContain('SEED_TOKEN');
    expect(await readFile(reportPaths(reportsDir).errorMd, 'utf8')).toContain('not a product incident');
    expect(await readIncident(reportsDir)).toBeUndefined();
    expect(existsSync(reportPaths(reportsDir).incidentMd)).toBe(false);
  } finally {
    await rm(reportsDir, { recursive: true, force: true });
  }
});

test('a .env that dotenv would read only in part stops the run with the line number', () => {
  expect(dotenvProblem('BASE_URL=https://p.example.org\n# a comment\n\nPROBE_PASSWORD S3cret\n')).toMatch(
    /^\.env line 4 is not NAME=value/,
  );
  expect(dotenvProblem('PROBE_PASSWORD="S3cret\nWEBHOOK_URL=https://alerts.example.org\n')).toMatch(
    /^\.env line 1: the value of PROBE_PASSWORD opens a " quote that never closes/,
  );
  expect(dotenvProblem('PROBE_PASSWORD="S3cret\nWEBHOOK_URL=https://alerts.example.org\n')).not.toContain('S3cret');
  expect(dotenvProblem('export A=1\nB=\nC="two\nlines"\nD=\'x\'\n')).toBeUndefined();
});

test('credentials inside BASE_URL are refused and never echoed', () => {
  const refused = () =>
    parseConfig({
      BASE_URL: 'https://ops:hunter2-pass@portal.example.org',
      TARGET_ENV: 'production',
      PROBE_EMAIL: 'p@example.org',
      PROBE_PASSWORD: 'x',
    });
  expect(refused).toThrow(/BASE_URL must not carry a user name or password/);
  expect(refused).not.toThrow(/hunter2-pass|ops:/);
});

test('alert URLs must be https (plain http only to this machine), checked before any alert is due', () => {
  for (const url of [
    'file:///tmp/alerts',
    'mailto:ops@example.org',
    'ftp://alerts.example.org/x',
    'htps://hooks.slack.com/x',
    'http://alerts.example.org/x',
  ]) {
    expect(() => parseConfig({ WEBHOOK_URL: url }), url).toThrow(/WEBHOOK_URL must be an https URL/);
    expect(() => parseConfig({ SLACK_WEBHOOK_URL: url }), url).toThrow(/SLACK_WEBHOOK_URL must/);
    expect(() => parseConfig({ PAGERDUTY_EVENTS_URL: url }), url).toThrow(/PAGERDUTY_EVENTS_URL must/);
  }
  expect(parseConfig({ WEBHOOK_URL: 'http://127.0.0.1:8080/hook' }).alerts.webhookUrl).toBe('http://127.0.0.1:8080/hook');
  expect(parseConfig({ WEBHOOK_URL: 'https://alerts.example.org/hook' }).alerts.webhookUrl).toBe('https://alerts.example.org/hook');
});

test('the configuration a run prints names target, account and channels, and no secret', () => {
  const config = parseConfig({
    BASE_URL: 'https://p.example.org',
    TARGET_ENV: 'production',
    PROBE_EMAIL: 'probe@example.org',
    PROBE_PASSWORD: 'S3cret-probe',
    SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/secretpart',
    PROBE_LOCATION: 'fra-1',
  });
  const line = describeConfig(config);
  expect(line).toContain('https://p.example.org (production), probe account probe@example.org, alerts to Slack, location fra-1');
  for (const secret of config.secrets) expect(line).not.toContain(secret);
});
