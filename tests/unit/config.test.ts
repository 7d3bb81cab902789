import { expect, test } from '@playwright/test';
import { BUNDLED_PORTAL_SEED_TOKEN, ConfigError, parseConfig } from '../../config';
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
  expect(parseConfig({ BASE_URL: 'https://portal.example.org/' }).baseURL).toBe('https://portal.example.org');
  expect(parseConfig({ PORTAL_PORT: '4312' }).baseURL).toBe('http://127.0.0.1:4312');
});

test('an invalid value names the variable, what was given and what is allowed', () => {
  expect(() => parseConfig({ TARGET_ENV: 'prod' })).toThrow(ConfigError);
  expect(() => parseConfig({ TARGET_ENV: 'prod' })).toThrow(/TARGET_ENV must be one of: local, staging, production \(got "prod"\)/);
  expect(() => parseConfig({ BASE_URL: 'portal.example.org' })).toThrow(/BASE_URL must be an http\(s\) URL/);
  expect(() => parseConfig({ PORTAL_PORT: '70000' })).toThrow(/PORTAL_PORT must be between 1 and 65535/);
  expect(() => parseConfig({ PORTAL_FAULTS: 'login-broken,bogus' })).toThrow(/PORTAL_FAULTS.*unknown fault; allowed: instance-down/);
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
  const result = await runTsx('scripts/smoke.ts', [], { TARGET_ENV: 'prod' });
  expect(result.exitCode).toBe(2);
  expect(result.output.trim()).toMatch(/^Invalid firewatch configuration: TARGET_ENV must be one of/);
  expect(result.output.trim().split('\n')).toHaveLength(1);
  expect(result.output).not.toMatch(/\n\s+at /);
});
