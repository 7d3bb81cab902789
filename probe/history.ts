import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { historyLineSchema, type HistoryLine } from './schema';

/** Appends one run's line to `reports/probe/history.jsonl` (validated first, so readers can trust every line). */
export async function appendHistory(file: string, line: HistoryLine): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(historyLineSchema.parse(line))}\n`);
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
