import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test as base, defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/browser';
import { PLAYWRIGHT_CLI } from '../../scripts/suite';
import { nestedRunEnv, runCommand, type CommandResult } from '../support/processes';

/**
 * Runs the planted folder `tests/incident/<folder>` as a nested Playwright run, with this run's own worker variables
 * removed and `env` added; returns its exit status and output.
 */
export function runPlanted(folder: string, env: Record<string, string>, timeoutMs = 60_000): SpawnSyncReturns<string> {
  const { args, env: nestedEnv } = plantedCommand(folder, env);
  return spawnSync(process.execPath, args, { env: nestedEnv, encoding: 'utf8', timeout: timeoutMs });
}

/** The same without blocking this process: for a planted run against a server this test process serves. */
export function runPlantedAsync(folder: string, env: Record<string, string>): Promise<CommandResult> {
  const { args, env: nestedEnv } = plantedCommand(folder, env);
  return runCommand(process.execPath, args, nestedEnv);
}

function plantedCommand(folder: string, env: Record<string, string>) {
  return {
    args: [PLAYWRIGHT_CLI, 'test', '-c', path.join('tests', 'incident', folder, 'playwright.config.ts')],
    env: { ...nestedRunEnv(), FORCE_COLOR: '0', CI: '', ...env },
  };
}

/** The config of a small planted run: its folder's specs, one worker, no retry, the incident reporter, Chromium as the suite finds it. */
export function plantedConfig(use: { baseURL?: string } = {}) {
  const browser = findChromium();
  return defineConfig({
    testDir: '.',
    testMatch: /.*\.spec\.ts$/,
    retries: 0,
    workers: 1,
    reporter: [[path.resolve(import.meta.dirname, '..', '..', 'incident', 'reporter.ts')]],
    use: {
      ...use,
      launchOptions: { ...(browser.executablePath ? { executablePath: browser.executablePath } : {}), args: CHROMIUM_ARGS },
    },
  });
}

/** Tests of a planted run: `reportsDir` is a fresh temporary reports folder for the nested run, removed afterwards. */
export const test = base.extend<{ reportsDir: string }>({
  reportsDir: async ({}, use, testInfo) => {
    // A planted run is a whole nested Playwright run with its own browser: a few seconds alone, half a minute and more
    // on two cores shared with the fault matrix (runPlanted's own limit is 60 s).
    testInfo.setTimeout(Math.max(testInfo.timeout, 120_000));
    const dir = await mkdtemp(path.join(os.tmpdir(), 'firewatch-planted-'));
    try {
      await use(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
});
