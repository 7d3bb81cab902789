import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { PROMISES } from '../../flows';
import { judgeProofs, mutationReportSchema, proofRunSchema, type ProofClaim, type ProofRun } from './score';
import { runStryker } from './stryker';

/**
 * The proof run, `npm run mutation -- --proofs`: Stryker mutates only the lines of the member promises' proof mutants
 * (flows/promises.ts), the whole critical suite runs against each without stopping at the first failure, and every run
 * records which checks failed (scripts/mutation/run-suite.ts). A proof holds when its mutant is killed by one of the
 * promise's own checks. Its report stays apart from the main one (reports/mutation/proofs/), so the main run's
 * incremental results are untouched.
 */

const PROOFS_DIR = path.resolve('reports', 'mutation', 'proofs');
export const proofPaths = {
  report: path.join(PROOFS_DIR, 'mutation.json'),
  runs: path.join(PROOFS_DIR, 'runs'),
};

/** Every promise's proof mutants with the promise's own checks. */
export function proofClaims(): ProofClaim[] {
  return PROMISES.flatMap((promise) =>
    promise.proofs.flatMap((proof) => ('mutant' in proof ? [{ promiseId: promise.id, mutant: proof.mutant, checks: promise.checks }] : [])),
  );
}

/**
 * Mutators whose node may reach past the line it starts on. Stryker mutates only mutants whose whole node lies in a
 * `--mutate` range, so the range of such a proof ends where the node ends.
 */
const MULTI_LINE_NODES: Readonly<Record<string, readonly ts.SyntaxKind[]>> = {
  BlockStatement: [ts.SyntaxKind.Block],
  ArrowFunction: [ts.SyntaxKind.ArrowFunction],
  ObjectLiteral: [ts.SyntaxKind.ObjectLiteralExpression],
  ArrayDeclaration: [ts.SyntaxKind.ArrayLiteralExpression],
  StringLiteral: [ts.SyntaxKind.TemplateExpression, ts.SyntaxKind.NoSubstitutionTemplateLiteral],
};

/** The last line of the widest node of the mutator's kinds that starts on `line` (1-based), else `line` itself. */
function endLine(sourceFile: ts.SourceFile, line: number, mutator: string): number {
  const kinds = MULTI_LINE_NODES[mutator];
  if (!kinds) return line;
  const lineOf = (position: number) => sourceFile.getLineAndCharacterOfPosition(position).line + 1;
  let end = line;
  const visit = (node: ts.Node) => {
    if (kinds.includes(node.kind) && lineOf(node.getStart(sourceFile)) === line) end = Math.max(end, lineOf(node.getEnd()));
    node.forEachChild(visit);
  };
  visit(sourceFile);
  return end;
}

/** Stryker `--mutate` ranges ("file:start-end") that hold every proof mutant, one per proof line; each file parsed once. */
export function proofRanges(claims: readonly ProofClaim[], readSource: (file: string) => string): string[] {
  const parsed = new Map<string, ts.SourceFile>();
  const sourceFileOf = (file: string) => {
    const known = parsed.get(file);
    if (known) return known;
    const sourceFile = ts.createSourceFile(file, readSource(file), ts.ScriptTarget.Latest, true);
    parsed.set(file, sourceFile);
    return sourceFile;
  };
  const ranges = claims.map(
    ({ mutant }) => `${mutant.file}:${mutant.line}-${endLine(sourceFileOf(mutant.file), mutant.line, mutant.mutator)}`,
  );
  return [...new Set(ranges)].sort();
}

async function readRuns(): Promise<Map<string, ProofRun>> {
  const runs = new Map<string, ProofRun>();
  if (!existsSync(proofPaths.runs)) return runs;
  for (const name of (await readdir(proofPaths.runs)).filter((file) => file.endsWith('.json'))) {
    const run = proofRunSchema.parse(JSON.parse(await readFile(path.join(proofPaths.runs, name), 'utf8')));
    runs.set(run.mutant, run);
  }
  return runs;
}

/** Judges the last proof run's report again; undefined when there is none. */
export async function judgeLastProofRun(): Promise<string[] | undefined> {
  if (!existsSync(proofPaths.report)) return undefined;
  const report = mutationReportSchema.parse(JSON.parse(await readFile(proofPaths.report, 'utf8')));
  return judgeProofs(report, await readRuns(), proofClaims());
}

/** Runs Stryker over the proof lines; resolves its exit code. */
export async function runProofRun(concurrency: string | undefined): Promise<number> {
  await rm(PROOFS_DIR, { recursive: true, force: true });
  const ranges = proofRanges(proofClaims(), (file) => readFileSync(file, 'utf8'));
  const args = ['--mutate', ranges.join(','), ...(concurrency ? ['--concurrency', concurrency] : [])];
  return runStryker(args, { FIREWATCH_MUTATION_PROOF_RUNS: proofPaths.runs });
}
