import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** One measured command: wall-clock and CPU time of the whole process tree, its exit code and output tail. */
export interface Measurement {
  wallMs: number;
  cpuMs: number;
  exitCode: number;
  /** When the command ended (epoch ms). */
  endedAt: number;
  /** Peak proportional set size (PSS) of the process tree, when sampled. */
  peakMemoryBytes?: number;
  output: string;
}

/** Reads "1m2.345s" (bash `times`) as milliseconds. */
function bashTime(text: string): number {
  const match = /(\d+)m([\d.]+)s/.exec(text);
  return match ? (Number(match[1]) * 60 + Number(match[2])) * 1000 : 0;
}

/** The pids below `root` (children, grandchildren, …) that are alive now. */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields after the last ")" are fixed.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
    } catch {
      // The process ended while the table was read.
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    for (const [child, ppid] of parent) {
      if (ppid === pid) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** Sum of the proportional set size of a process and its descendants: shared pages counted once. */
function treePss(root: number): number {
  let kib = 0;
  for (const pid of [root, ...descendants(root)]) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      kib += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // Gone, or not readable: counts as nothing.
    }
  }
  return kib * 1024;
}

/**
 * Runs a command through bash so that `times` reports the CPU of every process it waited for (runner, workers,
 * browsers), and optionally samples the tree's memory every 100 ms.
 */
export function measure(command: string[], env: NodeJS.ProcessEnv, options: { sampleMemory?: boolean } = {}): Promise<Measurement> {
  const script = '"$@" > "$FIREWATCH_BENCH_LOG" 2>&1; code=$?; times; exit $code';
  const log = `/tmp/firewatch-bench-${process.pid}-${Date.now()}.log`;
  const started = performance.now();
  const child = spawn('bash', ['-c', script, 'bash', ...command], {
    env: { ...env, FIREWATCH_BENCH_LOG: log },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let times = '';
  child.stdout.on('data', (chunk: Buffer) => (times += chunk.toString()));
  let peak = 0;
  const sampler = options.sampleMemory
    ? setInterval(() => {
        if (child.pid) peak = Math.max(peak, treePss(child.pid));
      }, 100)
    : undefined;
  return new Promise((resolve) => {
    child.on('close', (code) => {
      if (sampler) clearInterval(sampler);
      const wallMs = performance.now() - started;
      // `times` prints the shell's own user/sys, then its children's: the second line is the command tree.
      const [, childLine = ''] = times.trim().split('\n');
      const [user = '', system = ''] = childLine.trim().split(/\s+/);
      let output = '';
      try {
        output = readFileSync(log, 'utf8');
      } catch {
        // No log: the command did not start.
      }
      resolve({
        wallMs,
        cpuMs: bashTime(user) + bashTime(system),
        exitCode: code ?? 1,
        endedAt: Date.now(),
        ...(options.sampleMemory ? { peakMemoryBytes: peak } : {}),
        output: output.slice(-4000),
      });
    });
  });
}

/** The median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
