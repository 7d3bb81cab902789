import { readFile } from 'node:fs/promises';
import { incidentId, writeFileAtomic } from '../contract';
import { readHistory } from './history';
import { dedupKeyFor } from './lifecycle';
import { PROBE_STATE_VERSION, probeStateSchema, type FlowState, type ProbeState } from './schema';

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
  const version = /"v"\s*:\s*(\d+)/.exec(text)?.[1] ?? '';
  if (Number(version) > PROBE_STATE_VERSION) {
    throw new NewerStateError(
      `Probe state ${file} has schema version ${version}, newer than this firewatch knows (${PROBE_STATE_VERSION}): it is left as it is. Run the firewatch version that wrote it, or move the file aside to start afresh.`,
    );
  }
  try {
    return probeStateSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new ProbeFileError(
      `Probe state ${file} is not valid (${(error as Error).message.split('\n')[0]}); delete it to let the next probe run start a fresh one.`,
    );
  }
}

/** A state file written by a newer firewatch: never overwritten with this version's idea of it. */
export class NewerStateError extends ProbeFileError {}

/**
 * The state a probe run starts from. Missing means a first run. Unreadable or invalid (a crash, a disk problem, a hand
 * edit) is said once and rebuilt by `rebuild` (from the history), so an open incident still gets its resolve; without
 * a rebuild it reads as empty. A state of a newer schema throws NewerStateError.
 */
export async function readState(
  file: string,
  warn: (line: string) => void,
  rebuild?: () => Promise<ProbeState | undefined>,
): Promise<ProbeState | undefined> {
  try {
    return await readProbeState(file);
  } catch (error) {
    if (error instanceof NewerStateError) throw error;
    const rebuilt = await rebuild?.().catch(() => undefined);
    const open = openFlowIds(rebuilt);
    warn(
      `${(error as Error).message} ${rebuilt ? `Rebuilt from the history: ${open.length ? `open incidents ${open.join(', ')}` : 'no open incident'}.` : 'Starting from an empty state.'}`,
    );
    return rebuilt;
  }
}

/** The flows with an open incident in a state. */
export function openFlowIds(state: ProbeState | undefined): string[] {
  return Object.entries(state?.flows ?? {})
    .filter(([, flow]) => flow.state === 'open')
    .map(([id]) => id);
}

/**
 * The lifecycle as the history last recorded it, for a state file that was lost: each flow's last state, the start of
 * its failure streak and when it was triggered. What the history cannot know (the last notification) is the trigger.
 */
export async function rebuildStateFromHistory(historyFile: string, base: ProbeState): Promise<ProbeState | undefined> {
  const lines = (await readHistory(historyFile)).filter((line) => line.target === base.target);
  if (lines.length === 0) return undefined;
  const flows: Record<string, FlowState> = {};
  for (const line of lines) {
    for (const flow of line.flows) {
      const previous = flows[flow.id];
      const failing = flow.state === 'failing' || flow.state === 'open';
      const triggered = line.actions.find(
        (action) => action.flowId === flow.id && (action.type === 'triggered' || action.type === 'renotified'),
      );
      flows[flow.id] = {
        state: flow.state,
        consecutiveFailures: failing ? (previous?.consecutiveFailures ?? 0) + (flow.status === 'failed' ? 1 : 0) : 0,
        // The first failed run's decision time is the incident's identity (contract incidentId): rebuilt the same.
        failingSince: failing ? (previous?.failingSince ?? line.decidedAt ?? line.startedAt) : null,
        openedAt: flow.state === 'open' ? (previous?.openedAt ?? (triggered ? line.startedAt : null) ?? line.startedAt) : null,
        lastNotifiedAt: flow.state === 'open' ? (triggered ? line.startedAt : (previous?.lastNotifiedAt ?? line.startedAt)) : null,
        resolvedAt: flow.state === 'resolved' ? line.startedAt : null,
        dedupKey: dedupKeyFor(base.target, flow.id),
        severity: failing ? flow.severity : null,
        effect: failing ? flow.effect : null,
        errorClass: failing ? flow.errorClass : null,
        failingStep: failing ? flow.failingStep : null,
        affected: failing ? (previous?.affected ?? []) : [],
        lastRunAt: line.startedAt,
        lastStatus: flow.status,
        lastDurationMs: flow.durationMs,
      };
      const streak = flows[flow.id]?.failingSince;
      const id = streak ? incidentId(flow.id, streak) : flow.state === 'resolved' ? previous?.incidentId : undefined;
      if (id) flows[flow.id] = { ...flows[flow.id]!, incidentId: id };
    }
  }
  return { ...base, updatedAt: lines.at(-1)?.startedAt ?? base.updatedAt, flows };
}

/** Writes the state atomically (temp file + rename): a crash leaves the old state or the new one, never half. */
export async function writeState(file: string, state: ProbeState): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(probeStateSchema.parse(state), null, 2)}\n`);
}
