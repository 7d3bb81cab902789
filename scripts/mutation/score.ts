import { z } from 'zod';
import type { MutantRef } from '../../flows';

/**
 * The judgement of a mutation run (`npm run mutation`): Stryker's JSON report, the reviewed exceptions and the member
 * promises' proof mutants in, the score per file and the problems that fail the run out. No I/O here.
 */

/** The project's bar: detected mutants over valid ones, after exceptions. */
export const MIN_SCORE = 90;
/** At most this share of the valid mutants may be excepted. */
export const MAX_EXCEPTION_SHARE = 10;

const MUTANT_STATUSES = ['Killed', 'Survived', 'NoCoverage', 'CompileError', 'RuntimeError', 'Timeout', 'Ignored', 'Pending'] as const;

/** The part of mutation-testing-report-schema (Stryker's `json` reporter) that the judgement reads. */
export const mutationReportSchema = z.object({
  files: z.record(
    z.string(),
    z.object({
      source: z.string(),
      mutants: z.array(
        z.object({
          id: z.string(),
          mutatorName: z.string(),
          replacement: z.string().optional(),
          location: z.object({
            start: z.object({ line: z.number(), column: z.number() }),
            end: z.object({ line: z.number(), column: z.number() }).optional(),
          }),
          status: z.enum(MUTANT_STATUSES),
          statusReason: z.string().optional(),
        }),
      ),
    }),
  ),
});
export type MutationReport = z.infer<typeof mutationReportSchema>;

/** One mutant of the report, flattened, with the code it replaces and its whole original line. */
export interface Mutant extends MutantRef {
  readonly id: string;
  readonly column: number;
  readonly status: (typeof MUTANT_STATUSES)[number];
  /** The original code the replacement stands for (cut at 80 characters). */
  readonly original: string;
  /** The original line the mutant starts on, trimmed. */
  readonly code: string;
}

type Location = MutationReport['files'][string]['mutants'][number]['location'];

/** The source text a location covers (lines 1-based, columns 1-based, end exclusive), on one line, cut at 80 characters. */
function textAt(lines: readonly string[], { start, end }: Location): string {
  if (!end) return '';
  const covered =
    start.line === end.line
      ? (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1)
      : [
          (lines[start.line - 1] ?? '').slice(start.column - 1),
          ...lines.slice(start.line, end.line - 1),
          (lines[end.line - 1] ?? '').slice(0, end.column - 1),
        ].join('\n');
  const flat = covered.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}

export interface FileScore {
  /** Killed and timed out: the suite noticed the mutant. */
  readonly detected: number;
  /** Survived or not covered. */
  readonly undetected: number;
  /** Undetected but listed as an exception. */
  readonly excepted: number;
  /** Mutants that did not compile or crashed the portal before any check: not counted. */
  readonly invalid: number;
  /** Left out by a `// Stryker disable` comment or the fault-injection ignorer. */
  readonly ignored: number;
  /** detected / (detected + undetected − excepted), in percent with one decimal; null without countable mutants. */
  readonly score: number | null;
}

export interface Judgement {
  readonly files: Record<string, FileScore>;
  readonly total: FileScore;
  /** Undetected mutants that no exception covers: the list to review. */
  readonly survivors: readonly Mutant[];
  /** Why the run fails; empty when it passes. */
  readonly problems: readonly string[];
  /** What was not judged, and why (a scoped run that never saw a file); the caller may add its own. */
  readonly notes: string[];
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const INVALID = new Set(['CompileError', 'RuntimeError']);

/** Every mutant of the report in file and line order. */
export function mutantsOf(report: MutationReport): Mutant[] {
  return Object.entries(report.files)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([file, result]) => {
      const lines = result.source.split('\n');
      return result.mutants.map((mutant) => ({
        id: mutant.id,
        file,
        line: mutant.location.start.line,
        column: mutant.location.start.column,
        mutator: mutant.mutatorName,
        replacement: mutant.replacement ?? '',
        status: mutant.status,
        original: textAt(lines, mutant.location),
        code: (lines[mutant.location.start.line - 1] ?? '').trim(),
      }));
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/** Whether a mutant is the one a reference names. */
export function matches(ref: MutantRef, mutant: Mutant): boolean {
  return (
    ref.file === mutant.file &&
    ref.line === mutant.line &&
    (ref.column === undefined || ref.column === mutant.column) &&
    ref.mutator === mutant.mutator &&
    ref.replacement === mutant.replacement
  );
}

/** How a reference reads in a message. */
export function describeRef(ref: MutantRef): string {
  return `${ref.file}:${ref.line}${ref.column === undefined ? '' : `:${ref.column}`} ${ref.mutator} → ${JSON.stringify(ref.replacement)}`;
}

function score(detected: number, undetected: number, excepted: number): number | null {
  const countable = detected + undetected - excepted;
  return countable > 0 ? Math.floor((detected / countable) * 1000) / 10 : null;
}

function fileScore(mutants: readonly Mutant[], excepted: ReadonlySet<Mutant>): FileScore {
  const count = (set: ReadonlySet<string>) => mutants.filter((mutant) => set.has(mutant.status)).length;
  const detected = count(DETECTED);
  const undetected = count(UNDETECTED);
  const exceptedHere = mutants.filter((mutant) => excepted.has(mutant)).length;
  return {
    detected,
    undetected,
    excepted: exceptedHere,
    invalid: count(INVALID),
    ignored: mutants.filter((mutant) => mutant.status === 'Ignored').length,
    score: score(detected, undetected, exceptedHere),
  };
}

/**
 * Scores the report after the exceptions, per file and in total, and lists what fails the run: a total below
 * MIN_SCORE, exceptions above MAX_EXCEPTION_SHARE of the valid mutants, an exception that matches no undetected mutant
 * (stale), a proof mutant of a member promise that is not detected or no longer exists. Exceptions and proofs in a file
 * the report does not hold (a scoped first run) are noted, not judged.
 */
export function judge(
  report: MutationReport,
  exceptions: readonly (MutantRef & { readonly reason: string })[],
  proofs: readonly { readonly promiseId: string; readonly mutant: MutantRef }[],
): Judgement {
  const mutants = mutantsOf(report);
  const problems: string[] = [];
  const notes: string[] = [];
  const inReport = (file: string) => Object.hasOwn(report.files, file);

  const excepted = new Set<Mutant>();
  for (const exception of exceptions) {
    if (!inReport(exception.file)) {
      notes.push(`Exception ${describeRef(exception)} not checked: this run's report has no ${exception.file}.`);
      continue;
    }
    const matching = mutants.filter((mutant) => matches(exception, mutant));
    const undetected = matching.filter((mutant) => UNDETECTED.has(mutant.status));
    if (matching.length === 0) {
      problems.push(
        `Stale exception ${describeRef(exception)}: no such mutant any more (the code moved or changed). Update or remove it in tests/mutation/exceptions.ts.`,
      );
    } else if (undetected.length === 0) {
      problems.push(
        `Stale exception ${describeRef(exception)}: the suite now ${matching.some((m) => DETECTED.has(m.status)) ? 'kills' : 'does not count'} this mutant (${matching.map((m) => m.status).join(', ')}). Remove it from tests/mutation/exceptions.ts.`,
      );
    }
    for (const mutant of undetected) excepted.add(mutant);
  }

  const files: Record<string, FileScore> = {};
  for (const file of Object.keys(report.files).sort()) {
    files[file] = fileScore(
      mutants.filter((mutant) => mutant.file === file),
      excepted,
    );
  }
  const total = fileScore(mutants, excepted);
  const valid = total.detected + total.undetected;

  if (total.score !== null && total.score < MIN_SCORE) {
    problems.push(
      `Mutation score ${total.score} % is below ${MIN_SCORE} %: ${total.undetected - total.excepted} mutants survive the critical suite.`,
    );
  }
  if (valid > 0 && (excepted.size / valid) * 100 > MAX_EXCEPTION_SHARE) {
    problems.push(
      `Exceptions cover ${excepted.size} of ${valid} valid mutants (${((excepted.size / valid) * 100).toFixed(1)} %), more than ${MAX_EXCEPTION_SHARE} %: kill mutants with checks instead of excepting them.`,
    );
  }

  for (const { promiseId, mutant: ref } of proofs) {
    if (!inReport(ref.file)) {
      notes.push(`Proof ${describeRef(ref)} of promise ${promiseId} not checked: this run's report has no ${ref.file}.`);
      continue;
    }
    const matching = mutants.filter((mutant) => matches(ref, mutant));
    if (matching.length === 0) {
      problems.push(
        `Promise ${promiseId}: its proof mutant ${describeRef(ref)} no longer exists (the code moved or changed); name the mutant that proves it now in flows/promises.ts.`,
      );
      continue;
    }
    const notDetected = matching.filter((mutant) => !DETECTED.has(mutant.status));
    if (notDetected.length > 0) {
      problems.push(
        `Promise ${promiseId}: its proof mutant ${describeRef(ref)} is ${notDetected.map((m) => m.status).join(', ')}, not killed: the checks that should protect it do not notice.`,
      );
    }
  }

  const survivors = mutants.filter((mutant) => UNDETECTED.has(mutant.status) && !excepted.has(mutant));
  return { files, total, survivors, problems, notes };
}

/** What one mutant's run in the proof run recorded (scripts/mutation/run-suite.ts): the checks that did not pass. */
export const proofRunSchema = z.object({
  mutant: z.string(),
  passed: z.boolean(),
  checks: z.array(z.object({ title: z.string(), outcome: z.string() })),
});
export type ProofRun = z.infer<typeof proofRunSchema>;

/** A promise's proof mutant together with the checks that should kill it (the promise's own, by title). */
export interface ProofClaim {
  readonly promiseId: string;
  readonly mutant: MutantRef;
  readonly checks: readonly string[];
}

/** A check's own title in incident.json's "group › title" form. */
const ownTitle = (title: string) => title.split(' › ').at(-1) ?? title;

/**
 * Judges the proof run (`npm run mutation -- --proofs`): each promise's proof mutant must be killed, and killed by one of
 * the promise's own checks failing, not only by some other check of the suite or by its flow being blocked. Returns
 * the problems, one per proof that does not hold.
 */
export function judgeProofs(report: MutationReport, runs: ReadonlyMap<string, ProofRun>, claims: readonly ProofClaim[]): string[] {
  const mutants = mutantsOf(report);
  const problems: string[] = [];
  for (const { promiseId, mutant: ref, checks } of claims) {
    const matching = mutants.filter((mutant) => matches(ref, mutant));
    if (matching.length === 0) {
      problems.push(
        `Promise ${promiseId}: its proof mutant ${describeRef(ref)} is not in the proof run (the code moved or changed); name the mutant that proves it now in flows/promises.ts.`,
      );
      continue;
    }
    for (const mutant of matching) {
      if (!DETECTED.has(mutant.status)) {
        problems.push(
          `Promise ${promiseId}: its proof mutant ${describeRef(ref)} is ${mutant.status}, not killed: the checks that should protect it do not notice.`,
        );
        continue;
      }
      const run = runs.get(mutant.id);
      if (!run) {
        problems.push(
          `Promise ${promiseId}: its proof mutant ${describeRef(ref)} is ${mutant.status}, but its run recorded no checks (a timeout cannot say which check caught it); name a mutant its checks fail on.`,
        );
        continue;
      }
      const failed = run.checks.filter((check) => check.outcome === 'unexpected').map((check) => ownTitle(check.title));
      if (checks.some((check) => failed.includes(check))) continue;
      const others =
        failed.length > 0
          ? `it was caught by ${failed
              .slice(0, 3)
              .map((t) => `"${t}"`)
              .join(', ')}`
          : 'no check failed on it';
      problems.push(
        `Promise ${promiseId}: its proof mutant ${describeRef(ref)} is killed, but not by the promise's own checks (${checks.map((c) => `"${c}"`).join(', ')}): ${others}. Name those checks in the promise, or sharpen its checks.`,
      );
    }
  }
  return problems;
}
