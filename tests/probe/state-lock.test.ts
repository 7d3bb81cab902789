import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { emptyState } from '../../probe/lifecycle';
import { acquireLock, LEASE_MS, LockHeldError } from '../../probe/lock';
import { readState, writeState } from '../../probe/state';

const dir = () => mkdtemp(path.join(tmpdir(), 'firewatch-probe-'));

test('state is written atomically and read back; a corrupt or missing file reads as empty with one warning', async () => {
  const file = path.join(await dir(), 'probe', 'state.json');
  const warnings: string[] = [];
  expect(await readState(file, (line) => warnings.push(line))).toBeUndefined();
  expect(warnings).toEqual([]);
  const state = emptyState('https://portal.example.org', 'fra-1', '2026-11-23T10:00:00.000Z');
  await writeState(file, state);
  expect(await readState(file, (line) => warnings.push(line))).toEqual(state);
  expect(await readdir(path.dirname(file))).toEqual(['state.json']);
  await writeFile(file, '{"v":1,"target":');
  expect(await readState(file, (line) => warnings.push(line))).toBeUndefined();
  expect(warnings).toEqual([expect.stringContaining('is not valid')]);
});

test('the lock is exclusive while its holder lives and taken over when the holder is dead', async () => {
  const file = path.join(await dir(), 'probe.lock');
  const first = await acquireLock(file, () => Promise.resolve());
  await expect(acquireLock(file, () => Promise.resolve())).rejects.toThrow(LockHeldError);
  await first.release();
  const again = await acquireLock(file, () => Promise.resolve());
  await again.release();

  // A holder that died: a real process that has exited.
  const child = spawn(process.execPath, ['-e', '0']);
  await once(child, 'exit');
  await writeFile(
    file,
    JSON.stringify({ pid: child.pid, host: (await import('node:os')).hostname(), startedAt: '2026-11-23T10:00:00.000Z', suitePid: 424242 }),
  );
  const stale: number[] = [];
  const taken = await acquireLock(file, ({ previous }) => {
    stale.push(previous.suitePid ?? 0);
    return Promise.resolve();
  });
  expect(stale).toEqual([424242]);
  expect(JSON.parse(await readFile(file, 'utf8')).pid).toBe(process.pid);
  await taken.release();
  await expect(readFile(file)).rejects.toThrow();
});

test('a lease from another host or a live unrelated process blocks until it expires, then is taken over saying why', async () => {
  const file = path.join(await dir(), 'probe.lock');
  const now = Date.now();
  const foreign = { owner: 'pod-7f9c:1:abcd', pid: 1, host: 'probe-pod-7f9c', startedAt: new Date(now - 60_000).toISOString() };
  // Another host's run that still renews its lease: this run must not start.
  await writeFile(file, JSON.stringify({ ...foreign, expiresAt: new Date(now + 60_000).toISOString() }));
  const blocked = await acquireLock(file, () => Promise.resolve()).catch((error: unknown) => error);
  expect(blocked).toBeInstanceOf(LockHeldError);
  expect((blocked as LockHeldError).heldForMs).toBeGreaterThanOrEqual(60_000);
  expect((blocked as LockHeldError).message).toContain('probe-pod-7f9c');

  // The same lease after its expiry, never renewed (the pod was killed): taken over, with the reason.
  await writeFile(file, JSON.stringify({ ...foreign, expiresAt: new Date(now - 1_000).toISOString() }));
  const reasons: string[] = [];
  const taken = await acquireLock(file, ({ previous, reason }) => {
    reasons.push(`${previous.host}: ${reason}`);
    return Promise.resolve();
  });
  expect(reasons).toEqual([expect.stringMatching(/^probe-pod-7f9c: its lease expired at .* without renewal$/)]);
  const lease = JSON.parse(await readFile(file, 'utf8')) as { pid: number; expiresAt: string };
  expect(lease.pid).toBe(process.pid);
  expect(Date.parse(lease.expiresAt)).toBeGreaterThan(Date.now() + LEASE_MS - 60_000);
  await taken.release();

  // A live process of this host that is not a probe (the pid was reused), with a lock file from before leases:
  // held until one lease after its start, then taken over.
  const legacy = { pid: process.ppid, host: hostname(), startedAt: new Date(now - LEASE_MS - 1_000).toISOString() };
  await writeFile(file, JSON.stringify(legacy));
  const again = await acquireLock(file, ({ reason }) => {
    reasons.push(reason);
    return Promise.resolve();
  });
  expect(reasons.at(-1)).toMatch(/lease expired/);
  await again.release();
  await writeFile(file, JSON.stringify({ ...legacy, startedAt: new Date(now).toISOString() }));
  await expect(acquireLock(file, () => Promise.resolve())).rejects.toThrow(LockHeldError);
});
