import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../contract';

/**
 * How long a run's lease lasts without renewal: far longer than the longest run (about a minute; the suite stops a
 * hung check after its timeout). A live run renews it every LEASE_RENEW_MS; a lease nobody renewed past this is
 * abandoned, whoever holds it (a killed run, another host's run, a process that happens to reuse the pid).
 */
export const LEASE_MS = 15 * 60_000;
const LEASE_RENEW_MS = 60_000;

/** What the lease file holds: who runs, since when, until when, and the suite process it started (if any). */
export interface LeaseInfo {
  readonly owner: string;
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  readonly renewedAt?: string;
  readonly expiresAt?: string;
  readonly suitePid?: number;
}

/** Why a lease was taken over: its holder died on this host, or nobody renewed it before it expired. */
export interface TakeOver {
  readonly previous: LeaseInfo;
  readonly reason: string;
}

/** Another live probe run holds the lease; `heldForMs` says for how long, so a blocked run can tell people. */
export class LockHeldError extends Error {
  override readonly name = 'LockHeldError';
  constructor(
    message: string,
    readonly holder: LeaseInfo | undefined,
    readonly heldForMs: number,
  ) {
    super(message);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLease(file: string): Promise<LeaseInfo | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LeaseInfo;
  } catch {
    return undefined;
  }
}

/** When a lease ends: its own expiry, or (a lock file written before leases) its start plus one lease. */
function expiryOf(lease: LeaseInfo): number {
  const expires = Date.parse(lease.expiresAt ?? '');
  return Number.isFinite(expires) ? expires : Date.parse(lease.startedAt) + LEASE_MS;
}

/** Why a lease may be taken over now, or undefined while its holder may still be running. */
function abandonment(lease: LeaseInfo | undefined, now: number): string | undefined {
  if (!lease) return 'its lease file is unreadable (cut short by a crash)';
  if (!(now < expiryOf(lease))) return `its lease expired at ${new Date(expiryOf(lease)).toISOString()} without renewal`;
  if (lease.host === hostname() && !alive(lease.pid)) return `its process (pid ${lease.pid}) is no longer running`;
  return undefined;
}

export interface ProbeLock {
  /** Notes the suite process in the lease, so a successor can tell its leftovers apart. */
  setSuitePid(pid: number | undefined): Promise<void>;
  /** Stops renewing and gives the lease up (only if it is still this run's). */
  release(): Promise<void>;
}

/**
 * Takes the lease `reports/probe/probe.lock`, so probe runs never overlap, also when two schedules start at once or
 * several hosts share the folder. The lease carries an owner, a start and an expiry; this run renews it while it lives.
 * An abandoned lease is taken over, and `onTakeOver` hears why and about the previous run's suite, still running maybe.
 */
export async function acquireLock(file: string, onTakeOver: (takeOver: TakeOver) => Promise<void>): Promise<ProbeLock> {
  await mkdir(path.dirname(file), { recursive: true });
  const started = new Date();
  const base = {
    owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    pid: process.pid,
    host: hostname(),
    startedAt: started.toISOString(),
  };
  let suitePid: number | undefined;
  const lease = (): LeaseInfo => {
    const now = Date.now();
    return {
      ...base,
      renewedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + LEASE_MS).toISOString(),
      ...(suitePid ? { suitePid } : {}),
    };
  };
  const ours = async () => (await readLease(file))?.owner === base.owner;
  let takeOver: TakeOver | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${JSON.stringify(lease())}\n`);
      await handle.close();
      const renewal = setInterval(() => {
        void ours()
          .then((still) => (still ? writeFileAtomic(file, `${JSON.stringify(lease())}\n`) : undefined))
          .catch(() => undefined);
      }, LEASE_RENEW_MS);
      renewal.unref();
      const lock: ProbeLock = {
        setSuitePid: async (pid) => {
          suitePid = pid;
          if (await ours()) await writeFileAtomic(file, `${JSON.stringify(lease())}\n`);
        },
        release: async () => {
          clearInterval(renewal);
          if (await ours()) await rm(file, { force: true });
        },
      };
      // Holding the lease now, so nobody else starts while the previous run's leftovers are dealt with.
      if (takeOver) await onTakeOver(takeOver);
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readLease(file);
    const reason = abandonment(holder, Date.now());
    if (!reason) {
      const heldForMs = Math.max(0, Date.now() - Date.parse(holder?.startedAt ?? ''));
      throw new LockHeldError(
        `Another probe run (pid ${holder?.pid} on ${holder?.host}, started ${holder?.startedAt}) holds the lease ${file} until ${holder ? new Date(expiryOf(holder)).toISOString() : '?'}; runs never overlap, so this one did nothing. A lease nobody renews is taken over when it expires.`,
        holder,
        Number.isFinite(heldForMs) ? heldForMs : 0,
      );
    }
    // Abandoned: move it aside atomically; only one contender wins the rename.
    const aside = `${file}.stale-${process.pid}`;
    try {
      await rename(file, aside);
    } catch {
      continue;
    }
    const moved = await readLease(aside);
    if (moved && holder && moved.owner !== holder.owner) {
      // Lost a race: a live run took the lease between our read and the rename; give it back.
      await rename(aside, file).catch(() => undefined);
      continue;
    }
    await rm(aside, { force: true });
    takeOver = { previous: holder ?? { owner: 'unknown', pid: 0, host: 'unknown', startedAt: started.toISOString() }, reason };
  }
  throw new LockHeldError(`Could not take ${file} after three attempts: other probe runs keep taking it.`, undefined, 0);
}
