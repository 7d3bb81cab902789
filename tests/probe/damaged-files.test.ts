import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Summary } from '../../contract';
import { FLOWS } from '../../flows';
import { appendHistory, readHistory } from '../../probe/history';
import { advanceLifecycle, emptyState, type RunOutcome } from '../../probe/lifecycle';
import { HISTORY_VERSION, type HistoryLine, type ProbeState } from '../../probe/schema';
import { NewerStateError, readState, rebuildStateFromHistory, writeState } from '../../probe/state';
import { buildStatusModel } from '../../probe/status/model';

const TARGET = 'https://portal.elbtal-agrar.de';
const at = (minute: number) => new Date(Date.parse('2026-11-23T10:00:00.000Z') + minute * 60_000).toISOString();
const dir = () => mkdtemp(path.join(tmpdir(), 'firewatch-damaged-'));

function outcome(loginFailed: boolean, minute: number): RunOutcome {
  const flows = FLOWS.map((flow) => {
    const failed = loginFailed && flow.id === 'member-login';
    return {
      id: flow.id,
      status: failed ? ('failed' as const) : ('passed' as const),
      durationMs: 900,
      failingStep: failed ? 'Sign in' : null,
      errorClass: failed ? ('http-5xx' as const) : null,
      effect: failed ? ('down' as const) : null,
      severity: failed ? ('SEV-1' as const) : null,
    };
  });
  const summary: Summary = {
    schemaVersion: 2,
    runId: `run-${minute}`,
    startedAt: at(minute),
    endedAt: at(minute),
    targetUrl: TARGET,
    targetEnv: 'production',
    commit: null,
    deployId: null,
    ciRunUrl: null,
    verdict: loginFailed ? 'failed' : 'passed',
    suiteError: null,
    flows,
    warnings: [],
  };
  return { kind: 'judged', summary };
}

/** Probe runs as the probe records them: the lifecycle's decision, its state and its history line. */
function runs(failures: boolean[]): { lines: HistoryLine[]; state: ProbeState | undefined } {
  let state: ProbeState | undefined;
  const lines = failures.map((failed, minute) => {
    const result = advanceLifecycle({
      previous: state,
      outcome: outcome(failed, minute),
      registry: FLOWS,
      settings: { target: TARGET, location: 'fra-1', confirmRuns: 2, now: at(minute) },
    });
    state = result.state;
    return {
      v: HISTORY_VERSION,
      runId: `run-${minute}`,
      startedAt: at(minute),
      endedAt: at(minute),
      durationMs: 1000,
      target: TARGET,
      targetEnv: 'production',
      location: 'fra-1',
      verdict: failed ? 'failed' : 'passed',
      suiteError: null,
      maintenance: false,
      flows: [...result.flows],
      actions: [...result.actions],
    } satisfies HistoryLine;
  });
  return { lines, state };
}

test('a damaged state.json while an incident is open is rebuilt from the history, and the next healthy run still resolves it', async () => {
  const folder = await dir();
  const [stateFile, historyFile] = [path.join(folder, 'state.json'), path.join(folder, 'history.jsonl')];
  const { lines } = runs([false, true, true, true]);
  for (const line of lines) await appendHistory(historyFile, line);
  for (const damaged of ['', '{"v":1,"target":"https://portal.elb', 'not json at all']) {
    await writeFile(stateFile, damaged);
    const warnings: string[] = [];
    const rebuilt = await readState(
      stateFile,
      (line) => warnings.push(line),
      () => rebuildStateFromHistory(historyFile, emptyState(TARGET, 'fra-1', at(4))),
    );
    expect(warnings).toEqual([expect.stringContaining('Rebuilt from the history: open incidents member-login')]);
    expect(rebuilt?.flows['member-login']).toMatchObject({ state: 'open', failingSince: at(1), openedAt: at(2), consecutiveFailures: 3 });
    const next = advanceLifecycle({
      previous: rebuilt,
      outcome: outcome(false, 5),
      registry: FLOWS,
      settings: { target: TARGET, location: 'fra-1', confirmRuns: 2, now: at(5) },
    });
    expect(next.alerts.map((alert) => alert.kind)).toEqual(['resolve']);
  }
});

test('a state.json of a newer schema is never overwritten and stops the run with a clear error', async () => {
  const stateFile = path.join(await dir(), 'state.json');
  const newer = JSON.stringify({ v: 2, target: TARGET, flows: {}, somethingNew: true });
  await writeFile(stateFile, newer);
  await expect(
    readState(
      stateFile,
      () => undefined,
      () => Promise.resolve(undefined),
    ),
  ).rejects.toThrow(NewerStateError);
  await expect(readState(stateFile, () => undefined)).rejects.toThrow(/schema version 2, newer than this firewatch knows \(1\)/);
  expect(await readFile(stateFile, 'utf8')).toBe(newer);
  // The writer itself is never the problem: a state this version made reads back.
  await writeState(stateFile, emptyState(TARGET, 'fra-1', at(0)));
  expect((await readState(stateFile, () => undefined))?.v).toBe(1);
});

test('a history line cut short stays one damaged line: the next run starts on a line of its own and is counted', async () => {
  const historyFile = path.join(await dir(), 'history.jsonl');
  const { lines } = runs([false, true, false]);
  await appendHistory(historyFile, lines[0]!);
  const whole = JSON.stringify(lines[1]);
  // A crash in the middle of writing the second run's line.
  await writeFile(historyFile, `${await readFile(historyFile, 'utf8')}${whole.slice(0, whole.length / 2)}`);
  await appendHistory(historyFile, lines[2]!);
  const read = await readHistory(historyFile);
  expect(read.map((line) => line.runId)).toEqual(['run-0', 'run-2']);
  const text = (await readFile(historyFile, 'utf8')).split('\n').filter(Boolean);
  const model = buildStatusModel(text, null, new Date(at(10)), FLOWS);
  expect(model.runs).toMatchObject({ total: 2, unreadable: 1 });
});
