import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parseConfig } from '../../config';
import { reportPaths } from '../../contract';
import { acquireLock, LockHeldError } from '../../probe/lock';
import { noticeBlockedRun } from '../../probe/run';
import { startReceiver } from '../support/receiver';

test('a lease held longer than one interval sends the probe-broken notice once, not on every blocked run', async () => {
  const reportsDir = await mkdtemp(path.join(tmpdir(), 'firewatch-blocked-'));
  const webhook = await startReceiver();
  try {
    const config = parseConfig({
      BASE_URL: 'https://portal.example.org',
      TARGET_ENV: 'production',
      PROBE_EMAIL: 'probe@example.org',
      PROBE_PASSWORD: 'S3cret-probe',
      WEBHOOK_URL: webhook.url,
      PROBE_LOCATION: 'fra-1',
      FIREWATCH_REPORTS_DIR: reportsDir,
    });
    const lockFile = reportPaths(reportsDir).probe.lock;
    await mkdir(path.dirname(lockFile), { recursive: true });
    const now = Date.now();
    // A pod that was killed 25 minutes into a lease that a stuck process keeps renewing.
    await writeFile(
      lockFile,
      JSON.stringify({
        owner: 'pod-1:1:aaaa',
        pid: 1,
        host: 'pod-1',
        startedAt: new Date(now - 25 * 60_000).toISOString(),
        expiresAt: new Date(now + 60_000).toISOString(),
      }),
    );
    const blocked = (await acquireLock(lockFile, () => Promise.resolve()).catch((error: unknown) => error)) as LockHeldError;
    expect(blocked).toBeInstanceOf(LockHeldError);
    const lines: string[] = [];

    // Within one interval: a run that overlaps the previous one is no outage of the probe.
    await noticeBlockedRun(config, blocked, 30 * 60_000, (line) => lines.push(line));
    expect(webhook.received).toEqual([]);

    await noticeBlockedRun(config, blocked, 10 * 60_000, (line) => lines.push(line));
    await noticeBlockedRun(config, blocked, 10 * 60_000, (line) => lines.push(line));
    expect(webhook.accepted().map((request) => (request.json as { type: string }).type)).toEqual(['probe.broken']);
    expect(JSON.stringify(webhook.received[0]?.json)).toContain('No probe run could start for 25 minutes');
  } finally {
    await webhook.close();
  }
});
