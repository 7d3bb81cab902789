import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { FLOWS } from '../../flows';
import { HISTORY_VERSION, type HistoryFlow, type HistoryLine, type ProbeAction } from '../../probe/schema';

/** An outage planted into a synthetic history: which root flow fails, from which run, for how many runs. */
export interface PlantedOutage {
  readonly flowId: string;
  readonly fromRun: number;
  readonly runs: number;
  readonly effect?: 'down' | 'degraded';
}

export interface SyntheticHistoryOptions {
  readonly runs: number;
  readonly intervalMs: number;
  readonly end: Date;
  readonly outages: readonly PlantedOutage[];
  /** Failed runs before the probe triggers (PROBE_CONFIRM_RUNS). */
  readonly confirmRuns?: number;
}

/** Deterministic response time (ms) of a flow in a run: a daily wave plus a little noise, no randomness. */
function duration(flowIndex: number, run: number): number {
  return 800 + flowIndex * 350 + Math.round(300 * Math.sin(run / 24)) + ((run * 7919 + flowIndex * 104729) % 97);
}

/**
 * A year-scale probe history built by code (for the size and speed measurement only; the page's acceptance data
 * comes from real probe runs): healthy runs with planted outages, their dependants blocked, and the
 * trigger/resolve actions a probe with `confirmRuns` confirmation would take.
 */
export function* syntheticHistory(options: SyntheticHistoryOptions): Generator<HistoryLine> {
  const confirm = options.confirmRuns ?? 2;
  const start = options.end.getTime() - options.runs * options.intervalMs;
  const dependants = (root: string): string[] => {
    const found = FLOWS.filter((flow) => flow.dependsOn.includes(root)).map((flow) => flow.id);
    return [...found, ...found.flatMap(dependants)];
  };
  for (let run = 0; run < options.runs; run++) {
    const startedAt = start + run * options.intervalMs;
    const outage = options.outages.find((candidate) => run >= candidate.fromRun && run < candidate.fromRun + candidate.runs);
    const blocked = outage ? new Set(dependants(outage.flowId)) : new Set<string>();
    const flows: HistoryFlow[] = FLOWS.map((flow, index) => {
      const failedRun = outage ? run - outage.fromRun + 1 : 0;
      if (outage?.flowId === flow.id) {
        return {
          id: flow.id,
          status: 'failed',
          durationMs: 10_000,
          errorClass: 'http-5xx',
          failingStep: 'Open the page',
          effect: outage.effect ?? 'down',
          severity: flow.severity,
          state: failedRun >= confirm ? 'open' : 'failing',
        };
      }
      if (blocked.has(flow.id)) {
        return {
          id: flow.id,
          status: 'skipped',
          durationMs: 0,
          errorClass: null,
          failingStep: null,
          effect: null,
          severity: null,
          state: 'healthy',
          rootCause: outage?.flowId,
        };
      }
      return {
        id: flow.id,
        status: 'passed',
        durationMs: duration(index, run),
        errorClass: null,
        failingStep: null,
        effect: null,
        severity: null,
        state: 'healthy',
      };
    });
    const actions: ProbeAction[] = [];
    if (outage && run - outage.fromRun + 1 === confirm) actions.push({ type: 'triggered', flowId: outage.flowId, channel: 'pagerduty' });
    const ended = options.outages.find((candidate) => run === candidate.fromRun + candidate.runs && candidate.runs >= confirm);
    if (ended) actions.push({ type: 'resolved', flowId: ended.flowId, channel: 'pagerduty' });
    const durationMs = flows.reduce((sum, flow) => Math.max(sum, flow.durationMs), 0) + 4000;
    yield {
      v: HISTORY_VERSION,
      runId: `synthetic-${run}`,
      startedAt: new Date(startedAt).toISOString(),
      endedAt: new Date(startedAt + durationMs).toISOString(),
      durationMs,
      target: 'https://portal.example.org',
      targetEnv: 'production',
      location: 'eu-central',
      verdict: outage ? 'failed' : 'passed',
      suiteError: null,
      maintenance: false,
      flows,
      actions,
    };
  }
}

/** Writes lines as history.jsonl, streaming (a year of runs is tens of megabytes). */
export async function writeHistory(file: string, lines: Iterable<HistoryLine>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  for (const line of lines) {
    if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
