import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../contract';
import { probeStateSchema, type ProbeState } from './schema';

/** A probe file that exists but cannot be used; the message names the file and what is wrong with it. */
export class ProbeFileError extends Error {
  override readonly name = 'ProbeFileError';
}

/** Reads and validates `reports/probe/state.json`: undefined before the first run, ProbeFileError when it is broken. */
export async function readProbeState(file: string): Promise<ProbeState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ProbeFileError(`Probe state ${file} could not be read (${(error as Error).message}).`);
  }
  try {
    return probeStateSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new ProbeFileError(
      `Probe state ${file} is not valid (${(error as Error).message.split('\n')[0]}); delete it to let the next probe run start a fresh one.`,
    );
  }
}

/**
 * The state a probe run starts from. Missing means a first run; unreadable or invalid (a disk problem, a hand edit)
 * is said once and read as empty, so the probe keeps watching instead of stopping.
 */
export async function readState(file: string, warn: (line: string) => void): Promise<ProbeState | undefined> {
  try {
    return await readProbeState(file);
  } catch (error) {
    warn(`${(error as Error).message} Starting from an empty state.`);
    return undefined;
  }
}

/** Writes the state atomically (temp file + rename): a crash leaves the old state or the new one, never half. */
export async function writeState(file: string, state: ProbeState): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(probeStateSchema.parse(state), null, 2)}\n`);
}
