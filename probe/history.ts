import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { historyLineSchema, type HistoryLine } from './schema';

/**
 * Appends one run's line to `reports/probe/history.jsonl` (validated first, so readers can trust every line). Always on
 * a line of its own: a last line a crash cut short stays one damaged line (skipped and counted by readers) instead of
 * swallowing this run.
 */
export async function appendHistory(file: string, line: HistoryLine): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const separator = (await endsWithNewline(file)) ? '' : '\n';
  await appendFile(file, `${separator}${JSON.stringify(historyLineSchema.parse(line))}\n`);
}

/** True for a missing or empty file, or one whose last byte is a newline. */
async function endsWithNewline(file: string): Promise<boolean> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return true;
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

/** Reads the history; a line cut short by a crash is skipped, not fatal. */
export async function readHistory(file: string): Promise<HistoryLine[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .flatMap((raw) => {
      try {
        return [historyLineSchema.parse(JSON.parse(raw))];
      } catch {
        return [];
      }
    });
}
