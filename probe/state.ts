import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './files';
import { probeStateSchema, type ProbeState } from './schema';

/**
 * Reads `reports/probe/state.json`. Missing means a first run; unreadable or invalid (a disk problem, a hand edit)
 * is said once and read as empty, so the probe keeps watching instead of stopping.
 */
export async function readState(file: string, warn: (line: string) => void): Promise<ProbeState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(`Probe state ${file} could not be read (${(error as Error).message}); starting from an empty state.`);
    return undefined;
  }
  try {
    return probeStateSchema.parse(JSON.parse(text));
  } catch (error) {
    warn(`Probe state ${file} is not valid (${(error as Error).message.split('\n')[0]}); starting from an empty state.`);
    return undefined;
  }
}

/** Writes the state atomically (temp file + rename): a crash leaves the old state or the new one, never half. */
export async function writeState(file: string, state: ProbeState): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(probeStateSchema.parse(state), null, 2)}\n`);
}
