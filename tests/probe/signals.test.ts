import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { expect } from '@playwright/test';
import { reportPaths } from '../../contract';
import { processTest } from '../support/process-test';
import { ROOT, startPortalInProcess } from '../support/processes';
import { startReceiver } from '../support/receiver';

const test = processTest;
const PROBE = { email: 'probe@elbtal-agrar.de', password: 'Signal-Probe-Secret-2026' };

test('SIGTERM to `npm run probe` reaches the probe: the run finishes, is recorded, and the lease is released', async () => {
  // One short probe run (one check) against a portal in this process.
  test.setTimeout(120_000);
  const dir = path.join(ROOT, 'reports', 'probe-signals');
  const paths = reportPaths(dir).probe;
  await rm(dir, { recursive: true, force: true });
  const portal = await startPortalInProcess({ probeAccount: PROBE });
  const heartbeat = await startReceiver();
  const npm = spawn('npm', ['run', '--silent', 'probe', '--', '--every', '300', '--workers=1', '--grep', 'home page answers'], {
    cwd: ROOT,
    env: {
      ...process.env,
      BASE_URL: portal.url,
      TARGET_ENV: 'production',
      PROBE_EMAIL: PROBE.email,
      PROBE_PASSWORD: PROBE.password,
      PROBE_LOCATION: 'signal-test',
      PROBE_HEARTBEAT_URL: `${heartbeat.url}/ping/check-token-0001`,
      SEED_TOKEN: '',
      FIREWATCH_REPORTS_DIR: dir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(npm, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  try {
    // The run is under way once its suite is noted in the lease.
    await expect
      .poll(async () => (await readFile(paths.lock, 'utf8').catch(() => '')).includes('suitePid'), { timeout: 60_000 })
      .toBe(true);
    const probePid = (JSON.parse(await readFile(paths.lock, 'utf8')) as { pid: number }).pid;
    // What a terminal's kill, systemd or an npm-run container sends: to npm's process, not the probe's.
    npm.kill('SIGTERM');
    const [code] = await exited;
    expect(code, output).toBe(0);
    expect(existsSync(paths.lock), 'the lease is released').toBe(false);
    const history = (await readFile(paths.history, 'utf8')).trim().split('\n');
    expect(history, 'the interrupted run is recorded').toHaveLength(1);
    expect(() => process.kill(probePid, 0), 'no probe process is left behind').toThrow();
    expect(
      heartbeat.received.map((request) => request.path),
      'the judged run pinged the heartbeat once',
    ).toEqual(['/ping/check-token-0001']);
    expect(output, 'the heartbeat URL holds a token: never printed').not.toContain('check-token-0001');
  } finally {
    if (npm.exitCode === null) npm.kill('SIGKILL');
    await heartbeat.close();
    await portal.stop();
  }
});
