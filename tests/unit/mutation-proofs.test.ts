import { expect, test } from '@playwright/test';
import { proofRanges } from '../../scripts/mutation/proofs';
import { judgeProofs, type MutationReport, type ProofClaim, type ProofRun } from '../../scripts/mutation/score';

const SOURCE = [
  'export function price(litres: number): number {',
  '  if (litres >= 1000) {',
  '    return 5;',
  '  }',
  '  return 7;',
  '}',
].join('\n');
const FILE = 'portal/pricing.ts';
const CHECK = 'every band of the price rules is quoted as the cooperative prices it';
const OTHER = 'member signs in and reaches member services';

function report(status: 'Killed' | 'Survived' | 'Timeout'): MutationReport {
  return {
    files: {
      [FILE]: {
        source: SOURCE,
        mutants: [
          {
            id: '7',
            mutatorName: 'EqualityOperator',
            replacement: 'litres > 1000',
            location: { start: { line: 2, column: 7 }, end: { line: 2, column: 20 } },
            status,
          },
        ],
      },
    },
  };
}

const claim: ProofClaim = {
  promiseId: 'diesel-order/bands',
  mutant: { file: FILE, line: 2, mutator: 'EqualityOperator', replacement: 'litres > 1000' },
  checks: [CHECK],
};

const runOf = (...failed: string[]): Map<string, ProofRun> =>
  new Map([['7', { mutant: '7', passed: false, checks: failed.map((title) => ({ title, outcome: 'unexpected' })) }]]);

test.describe('the proof run: a promise is proven by its own checks', () => {
  test('a proof mutant killed by the promise\'s own check holds, named in incident.json\'s "group › title" form', () => {
    expect(judgeProofs(report('Killed'), runOf(`prices › ${CHECK}`, OTHER), [claim])).toEqual([]);
  });

  test('a proof mutant killed only by another check does not hold, and the problem names who caught it', () => {
    const problems = judgeProofs(report('Killed'), runOf(OTHER), [claim]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("not by the promise's own checks");
    expect(problems[0]).toContain(`"${OTHER}"`);
  });

  test("a promise check that was only blocked (skipped) by another flow's failure does not prove it", () => {
    const runs = new Map([['7', { mutant: '7', passed: false, checks: [{ title: CHECK, outcome: 'skipped' }] }]]);
    expect(judgeProofs(report('Killed'), runs, [claim])[0]).toContain('no check failed on it');
  });

  test('a proof naming a column is held to that one of several alike mutants on its line', () => {
    const atColumn = (column: number): ProofClaim => ({ ...claim, mutant: { ...claim.mutant, column } });
    expect(judgeProofs(report('Killed'), runOf(CHECK), [atColumn(7)])).toEqual([]);
    expect(judgeProofs(report('Killed'), runOf(CHECK), [atColumn(9)])[0]).toContain('portal/pricing.ts:2:9 EqualityOperator');
  });

  test('a surviving, missing, or unrecorded (timed-out) proof mutant does not hold', () => {
    expect(judgeProofs(report('Survived'), runOf(), [claim])[0]).toContain('is Survived, not killed');
    expect(judgeProofs(report('Killed'), runOf(CHECK), [{ ...claim, mutant: { ...claim.mutant, line: 5 } }])[0]).toContain(
      'is not in the proof run',
    );
    expect(judgeProofs(report('Timeout'), new Map(), [claim])[0]).toContain('recorded no checks');
  });

  test('a proof on a block reaches to the end of the block, since Stryker mutates only whole nodes in a range', () => {
    const ranges = proofRanges(
      [
        { ...claim, mutant: { file: FILE, line: 2, mutator: 'BlockStatement', replacement: '{}' } },
        claim,
        { ...claim, mutant: { file: FILE, line: 5, mutator: 'ArithmeticOperator', replacement: '7' } },
      ],
      () => SOURCE,
    );
    expect(ranges).toEqual([`${FILE}:2-2`, `${FILE}:2-4`, `${FILE}:5-5`]);
  });
});
