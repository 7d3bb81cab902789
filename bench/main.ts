/**
 * `npm run bench [-- --repeat 5 --runs 50]`: measures the deploy gate against its floor on this machine and writes
 * reports/bench.json plus a table.
 *  1. `npm run smoke` against an already running portal (BASE_URL set) vs `bench/floor.ts`, interleaved, median of
 *     `--repeat` each: wall-clock and CPU of the whole process tree, and the ratio smoke / floor.
 *  2. A failing run (one fault switched on): how long after the last check ended the incident report is written.
 *  3. Peak memory (PSS of runner, workers and browsers together) during a smoke run.
 *  4. False alarms: `--runs` smoke runs in a row against the healthy portal; every red run is one.
 * Targets: smoke ≤ 1.5 × floor wall; report ≤ 1 s after the run's end; peak memory ≤ 1 GiB; 0 false alarms.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { reportPaths } from '../config/reports';
import { incidentSchema } from '../incident/schema';
import { ROOT, startPortal } from '../tests/support/processes';
import { measure, median, type Measurement } from './measure';

const { values } = parseArgs({
  options: {
    repeat: { type: 'string', default: '5' },
    runs: { type: 'string', default: '50' },
    fault: { type: 'string', default: 'diesel-price-wrong' },
  },
});
const repeat = Number(values.repeat);
const runs = Number(values.runs);
if (!Number.isInteger(repeat) || repeat < 1 || !Number.isInteger(runs) || runs < 0) {
  process.stderr.write('Usage: npm run bench -- [--repeat <n ≥ 1>] [--runs <n ≥ 0>] [--fault <portal fault>]\n');
  process.exit(2);
}

const TARGETS = { ratio: 1.5, reportAfterEndMs: 1000, peakMemoryBytes: 1024 ** 3, falseAlarms: 0 };
const SEED_TOKEN = 'firewatch-bench-seed-token';
const reports = reportPaths(path.join(ROOT, 'reports'));
const runReports = path.join(reports.dir, 'bench-runs');
const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');

const portal = await startPortal({ SEED_TOKEN });
const env = { ...process.env, BASE_URL: portal.url, TARGET_ENV: 'local', SEED_TOKEN, FIREWATCH_REPORTS_DIR: runReports, CI: '' };
const smoke = () => measure([tsx, 'scripts/smoke.ts'], env, { sampleMemory: true });
const floor = () => measure([tsx, 'bench/floor.ts'], env);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const say = (line: string) => process.stdout.write(`${line}\n`);

async function setFault(active: string[]): Promise<void> {
  const response = await fetch(`${portal.url}/api/admin/faults`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${SEED_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ active }),
  });
  if (!response.ok) throw new Error(`Switching faults ${active.join(',') || '(none)'} failed: ${response.status} ${await response.text()}`);
}

function mustPass(what: string, result: Measurement): void {
  if (result.exitCode !== 0) throw new Error(`${what} exited ${result.exitCode} against a healthy portal:\n${result.output}`);
}

try {
  // Warm-up: Playwright's transform cache and the OS file cache, so the first measured run is not a cold start.
  mustPass('warm-up smoke', await smoke());

  const smokeRuns: Measurement[] = [];
  const floorRuns: Measurement[] = [];
  for (let i = 0; i < repeat; i += 1) {
    const f = await floor();
    mustPass('floor', f);
    floorRuns.push(f);
    const s = await smoke();
    mustPass('smoke', s);
    smokeRuns.push(s);
    say(`  run ${i + 1}/${repeat}: floor ${seconds(f.wallMs)} · smoke ${seconds(s.wallMs)}`);
  }
  const smokeWall = median(smokeRuns.map((r) => r.wallMs));
  const floorWall = median(floorRuns.map((r) => r.wallMs));
  const smokeCpu = median(smokeRuns.map((r) => r.cpuMs));
  const floorCpu = median(floorRuns.map((r) => r.cpuMs));
  const peakMemoryBytes = Math.max(...smokeRuns.map((r) => r.peakMemoryBytes ?? 0));

  await setFault([values.fault]);
  const failing = await smoke();
  await setFault([]);
  if (failing.exitCode !== 1) throw new Error(`The failing run (${values.fault}) exited ${failing.exitCode}, expected 1:\n${failing.output}`);
  const runPaths = reportPaths(runReports);
  const incident = incidentSchema.parse(JSON.parse(await readFile(runPaths.incidentJson, 'utf8')));
  const lastCheckEnded = Math.max(
    ...incident.flows.flatMap((flow) => flow.tests.flatMap((test) => test.attempts.map((a) => Date.parse(a.startedAt) + a.durationMs))),
    Date.parse(incident.run.startedAt),
  );
  const reportWrittenAt = (await stat(runPaths.incidentMd)).mtimeMs;
  const failingRun = {
    fault: values.fault,
    title: incident.title,
    wallMs: Math.round(failing.wallMs),
    reportAfterRunEndMs: Math.round(reportWrittenAt - lastCheckEnded),
    exitAfterRunEndMs: Math.round(failing.endedAt - lastCheckEnded),
  };

  const falseAlarms: { run: number; exitCode: number; output: string }[] = [];
  for (let i = 1; i <= runs; i += 1) {
    const result = await smoke();
    if (result.exitCode !== 0) {
      falseAlarms.push({ run: i, exitCode: result.exitCode, output: result.output.slice(-1500) });
      say(`  healthy run ${i}/${runs}: exit ${result.exitCode} (false alarm)`);
    } else if (i % 10 === 0) {
      say(`  healthy run ${i}/${runs}: all green so far except ${falseAlarms.length}`);
    }
  }

  const result = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    repeat,
    smoke: { wallMs: Math.round(smokeWall), cpuMs: Math.round(smokeCpu), runsMs: smokeRuns.map((r) => Math.round(r.wallMs)) },
    floor: { wallMs: Math.round(floorWall), cpuMs: Math.round(floorCpu), runsMs: floorRuns.map((r) => Math.round(r.wallMs)) },
    ratio: { wall: +(smokeWall / floorWall).toFixed(2), cpu: +(smokeCpu / floorCpu).toFixed(2) },
    failingRun,
    peakMemoryBytes,
    falseAlarms: { runs, count: falseAlarms.length, details: falseAlarms },
    targets: TARGETS,
    met: {
      ratio: smokeWall / floorWall <= TARGETS.ratio,
      reportAfterRunEnd: failingRun.reportAfterRunEndMs <= TARGETS.reportAfterEndMs,
      peakMemory: peakMemoryBytes <= TARGETS.peakMemoryBytes,
      falseAlarms: falseAlarms.length === TARGETS.falseAlarms,
    },
  };
  await mkdir(reports.dir, { recursive: true });
  await writeFile(reports.bench, `${JSON.stringify(result, null, 2)}\n`);

  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
  say('');
  say('measure                                  value            target        ');
  say(`smoke wall (median of ${repeat})                  ${seconds(smokeWall).padEnd(16)} `);
  say(`floor wall (median of ${repeat})                  ${seconds(floorWall).padEnd(16)} `);
  say(`smoke / floor, wall                      ${`${result.ratio.wall} ×`.padEnd(16)} ≤ ${TARGETS.ratio} ×     ${mark(result.met.ratio)}`);
  say(`smoke / floor, CPU                       ${`${result.ratio.cpu} ×`.padEnd(16)} (${seconds(smokeCpu)} vs ${seconds(floorCpu)})`);
  say(`failing run: report after last check     ${`${failingRun.reportAfterRunEndMs} ms`.padEnd(16)} ≤ 1000 ms     ${mark(result.met.reportAfterRunEnd)}`);
  say(`failing run: exit after last check       ${`${failingRun.exitAfterRunEndMs} ms`.padEnd(16)}`);
  say(`peak memory (PSS, whole tree)            ${`${Math.round(peakMemoryBytes / 1024 ** 2)} MiB`.padEnd(16)} ≤ 1024 MiB    ${mark(result.met.peakMemory)}`);
  say(`false alarms in ${runs} healthy runs          ${String(falseAlarms.length).padEnd(16)} 0             ${mark(result.met.falseAlarms)}`);
  say(`\nWritten: ${path.relative(process.cwd(), reports.bench)}`);
  process.exitCode = Object.values(result.met).every(Boolean) ? 0 : 1;
} catch (error) {
  process.stderr.write(`Benchmark failed: ${(error as Error).message}\n`);
  process.exitCode = 2;
} finally {
  await portal.stop();
}
