import { hostname } from 'node:os';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../contract';

/** What the lock file holds: who runs, since when, and the suite process it started (if any). */
interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  suitePid?: number;
}

/** Another live probe run holds the lock. */
export class LockHeldError extends Error {
  override readonly name = 'LockHeldError';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(file: string): Promise<LockInfo | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

export interface ProbeLock {
  /** Notes the suite process in the lock, so a successor can tell its leftovers apart. */
  setSuitePid(pid: number | undefined): Promise<void>;
  release(): Promise<void>;
}

/**
 * Takes `reports/probe/probe.lock` so probe runs never overlap, also when two cron jobs start at once. A lock whose
 * process is dead (same host) is stale and taken over; `onStale` hears about the dead run's suite, still running maybe.
 */
export async function acquireLock(file: string, onStale: (previous: LockInfo) => Promise<void>): Promise<ProbeLock> {
  await mkdir(path.dirname(file), { recursive: true });
  const info: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  let stale: LockInfo | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${JSON.stringify(info)}\n`);
      await handle.close();
      const lock: ProbeLock = {
        setSuitePid: async (suitePid) => writeFileAtomic(file, `${JSON.stringify({ ...info, ...(suitePid ? { suitePid } : {}) })}\n`),
        release: async () => {
          const current = await readLock(file);
          if (current?.pid === process.pid) await rm(file, { force: true });
        },
      };
      // Holding the lock now, so nobody else starts while the dead run's leftovers are dealt with.
      if (stale) await onStale(stale);
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readLock(file);
    if (holder && (holder.host !== hostname() || alive(holder.pid))) {
      throw new LockHeldError(
        `Another probe run (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}) holds ${file}; runs never overlap, so this one did nothing. If no probe runs, delete the file.`,
      );
    }
    // Stale (or unreadable, e.g. cut by a crash): move it aside atomically; only one contender wins the rename.
    const aside = `${file}.stale-${process.pid}`;
    try {
      await rename(file, aside);
    } catch {
      continue;
    }
    const moved = await readLock(aside);
    if (moved && holder && moved.pid !== holder.pid) {
      // Lost a race: a live run took the lock between our read and the rename; give it back.
      await rename(aside, file).catch(() => undefined);
      continue;
    }
    await rm(aside, { force: true });
    stale = holder;
  }
  throw new LockHeldError(`Could not take ${file} after three attempts: other probe runs keep taking it.`);
}
