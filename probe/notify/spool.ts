import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../contract';

export const CHANNELS = ['pagerduty', 'slack', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * One notification waiting in `reports/probe/spool/`: the body as it will be sent, minus secrets (the routing key,
 * webhook URLs and signature are added at send time). `id` is stable, so a crash never spools or sends it twice.
 */
export const spoolItemSchema = z.object({
  v: z.literal(1),
  id: z.string().min(1),
  channel: z.enum(CHANNELS),
  /** trigger, resolve, probe-broken or probe-broken-resolved. */
  kind: z.string(),
  dedupKey: z.string(),
  flowId: z.string().optional(),
  createdAt: z.iso.datetime({ offset: true }),
  attempts: z.number().int().nonnegative(),
  lastError: z.string().optional(),
  /** When and why the first attempt failed: a late delivery says so. */
  firstFailedAt: z.iso.datetime({ offset: true }).optional(),
  firstError: z.string().optional(),
  /** The team's time zone the body was written in, for the late-delivery note added when it is finally sent. */
  zone: z.string().optional(),
  body: z.unknown(),
});
export type SpoolItem = z.infer<typeof spoolItemSchema>;

/** Where items the receiver refused for good (a 4xx other than 429) are kept for a person to look at. */
export const rejectedDir = (spoolDir: string) => path.join(spoolDir, 'rejected');

let sequence = 0;
/**
 * Names sort in the order items were spooled (time, then a counter within the millisecond), which is the send order.
 * They carry the incident's identity (the event kind and a digest of its dedup key), so a replay is known by its name.
 */
const fileName = (item: SpoolItem) =>
  `${String(Date.now()).padStart(15, '0')}-${String(sequence++ % 1e6).padStart(6, '0')}-${item.channel}-${identity(item)}-${item.id}.json`;

/** The incident event an item is: its kind and its dedup key, digested to fit a file name. */
const identity = (item: Pick<SpoolItem, 'kind' | 'dedupKey'>) =>
  `${item.kind}.${createHash('sha256').update(item.dedupKey).digest('hex').slice(0, 12)}`;

export interface SpooledEntry {
  readonly file: string;
  readonly item: SpoolItem;
}

/** Reads the spool in the order items were created; an unreadable file is reported and moved aside, never sent half. */
export async function readSpool(spoolDir: string, warn: (line: string) => void): Promise<SpooledEntry[]> {
  const names = (await readdir(spoolDir).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).sort();
  const entries: SpooledEntry[] = [];
  for (const name of names) {
    const file = path.join(spoolDir, name);
    try {
      entries.push({ file, item: spoolItemSchema.parse(JSON.parse(await readFile(file, 'utf8'))) });
    } catch (error) {
      const raw = await readFile(file, 'utf8').catch(() => '');
      const seen = ['kind', 'dedupKey', 'flowId']
        .map((key) => new RegExp(`"${key}"\\s*:\\s*"([^"]{1,200})"`).exec(raw)?.[1])
        .filter(Boolean)
        .join(' ');
      warn(
        `Spooled notification ${name} is unreadable (${(error as Error).message.split('\n')[0]}); what could be read: ${seen || 'nothing but its name'}; moved to ${path.relative(spoolDir, rejectedDir(spoolDir))}/ and not sent.`,
      );
      await moveTo(file, rejectedDir(spoolDir));
    }
  }
  return entries;
}

/** Adds items to the spool; an item whose id is already spooled is left alone. Returns the entries written. */
export async function spoolItems(spoolDir: string, items: readonly SpoolItem[]): Promise<SpooledEntry[]> {
  await mkdir(spoolDir, { recursive: true });
  const present = await readdir(spoolDir);
  const written: SpooledEntry[] = [];
  for (const item of items) {
    if (present.some((name) => name.endsWith(`-${item.channel}-${item.id}.json`))) continue;
    // A run replayed after a crash (its state never written) decides the same event again, under a new id: while the
    // first is still waiting in the spool, the replay is the same event of the same incident and is not sent twice.
    // (Only while it is the incident's latest pending event: after a pending resolve, a trigger is a new outage.)
    const digest = identity(item).split('.')[1];
    const latest = present
      .filter((name) => name.includes(`-${item.channel}-`) && name.includes(`.${digest}-`))
      .sort()
      .at(-1);
    if (item.kind !== 'notice' && latest?.includes(`-${item.channel}-${identity(item)}-`)) continue;
    const file = path.join(spoolDir, fileName(item));
    await writeFileAtomic(file, `${JSON.stringify(item, null, 2)}\n`);
    written.push({ file, item });
  }
  return written;
}

/** Rewrites a spooled item in place (attempt count, last error). */
export async function updateSpooled(entry: SpooledEntry, item: SpoolItem): Promise<void> {
  await writeFileAtomic(entry.file, `${JSON.stringify(item, null, 2)}\n`);
}

/** Removes a delivered item. */
export async function removeSpooled(entry: SpooledEntry): Promise<void> {
  await rm(entry.file, { force: true });
}

/** Moves an item the receiver refused for good out of the queue, keeping it for inspection. */
export async function moveTo(file: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await rename(file, path.join(dir, path.basename(file)));
}
