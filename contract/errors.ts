import { SUITE_ERROR_KINDS, type SuiteErrorReport } from './schema';

export type SuiteErrorKind = (typeof SUITE_ERROR_KINDS)[number];

/**
 * A failure of the suite itself (configuration, a refused credential, a missing session, its own bug), never the
 * target's: thrown by fixtures and the seeding client, read back by the reporter from the error text, so the run
 * ends with verdict `error` and exit 2 instead of a product incident.
 */
export class SuiteError extends Error {
  override readonly name = 'SuiteError';

  constructor(
    readonly kind: SuiteErrorKind,
    readonly reason: string,
    readonly fix: string,
  ) {
    super(`(${kind}) ${reason} Fix: ${fix}`);
  }
}

const MARKED = new RegExp(`SuiteError: \\((${SUITE_ERROR_KINDS.join('|')})\\) ([\\s\\S]*?) Fix: ([^\\n]*)`);
/** Exceptions that only a bug in the suite's own code raises (a target's wrong answer fails an assertion or a schema). */
const OWN_BUG = /^(TypeError|ReferenceError|SyntaxError|RangeError): (.*)/;

/** The suite error a test's error text reports, if any: a SuiteError, or an exception of the suite's own code. */
export function suiteErrorFromText(text: string): SuiteErrorReport | undefined {
  const marked = MARKED.exec(text);
  if (marked) return { kind: marked[1] as SuiteErrorKind, message: marked[2]?.trim() ?? '', fix: marked[3]?.trim() ?? '' };
  const bug = OWN_BUG.exec(text.trimStart());
  // A JSON parser's complaint is about what the target sent (a proxy's HTML page), never the suite's own bug.
  const jsonComplaint = bug?.[1] === 'SyntaxError' && /JSON|Unexpected (?:token|end of|non-whitespace)/.test(bug[2] ?? '');
  // An assertion whose received value has the wrong type (a field the target left out, a number for a text) is a
  // failed check of the target's answer; only a wrong expected value is the suite's own mistake.
  const receivedMismatch = bug?.[1] === 'TypeError' && /^expect\(/.test(bug[2] ?? '') && /Matcher error: received value must/.test(text);
  const targetAnswer = jsonComplaint || receivedMismatch;
  if (bug && !targetAnswer && !/page\.evaluate|locator\.evaluate/.test(text)) {
    return {
      kind: 'suite',
      message: `The suite's own code threw ${bug[1]}: ${bug[2]?.slice(0, 300)}`,
      fix: 'A bug in firewatch, not in the target: see the stack in the HTML report and fix the spec or fixture named there.',
    };
  }
  return undefined;
}
