import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { emptyState } from '../../probe/lifecycle';
import { acquireLock, LockHeldError } from '../../probe/lock';
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
  const first = await acquireLock(file, async () => undefined);
  await expect(acquireLock(file, async () => undefined)).rejects.toThrow(LockHeldError);
  await first.release();
  const again = await acquireLock(file, async () => undefined);
  await again.release();

  // A holder that died: a real process that has exited.
  const child = spawn(process.execPath, ['-e', '0']);
  await once(child, 'exit');
  await writeFile(
    file,
    JSON.stringify({ pid: child.pid, host: (await import('node:os')).hostname(), startedAt: '2026-11-23T10:00:00.000Z', suitePid: 424242 }),
  );
  const stale: number[] = [];
  const taken = await acquireLock(file, async (previous) => void stale.push(previous.suitePid ?? 0));
  expect(stale).toEqual([424242]);
  expect(JSON.parse(await readFile(file, 'utf8')).pid).toBe(process.pid);
  await taken.release();
  await expect(readFile(file)).rejects.toThrow();
});
