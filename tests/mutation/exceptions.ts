import { z } from 'zod';
import { mutantRefSchema } from '../../flows/promises';

/**
 * A surviving mutant of `npm run mutation` that cannot or should not be killed, named as Stryker's JSON report names it
 * (file relative to the project, the line the mutant starts on, the mutator, the replacement), with the reason: an
 * equivalent mutant (no member could tell the difference), a cosmetic string, or behaviour no critical flow covers.
 * An excepted mutant leaves the score's denominator. The run fails when an exception matches no mutant any more, or
 * only mutants the suite now kills (remove it then), and when exceptions pass 10 % of the mutants.
 */
export const mutationExceptionSchema = mutantRefSchema.extend({
  reason: z.string().min(10, 'say why this mutant cannot or should not be killed (equivalent, cosmetic, non-critical)'),
});
export type MutationException = z.infer<typeof mutationExceptionSchema>;

/** The reviewed exceptions, each a surviving mutant someone decided about. */
export const MUTATION_EXCEPTIONS: readonly MutationException[] = z.array(mutationExceptionSchema).parse([
  {
    file: 'portal/dates.ts',
    line: 3,
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason:
      "Berlin's calendar day becomes the machine's (UTC here): they differ only between midnight in Berlin and 01:00/02:00, an hour a smoke run cannot choose. The delivery-window checks catch the rule itself.",
  },
  {
    file: 'portal/password.ts',
    line: 10,
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason: "Equivalent: scrypt's default cost N is 16384, the portal's PASSWORD_COST, so hashing and checking agree for every member.",
  },
  {
    file: 'portal/password.ts',
    line: 27,
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason:
      "Start-up accounts only (the demo login, the production probe's account, the unknown-e-mail decoy): the local suite signs in only as members it seeds through the test-data API; a wrong cost here makes the decoy refuse, which it does anyway.",
  },
  {
    file: 'portal/password.ts',
    line: 37,
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'Equivalent: every stored hash is written by hashPassword in the scrypt$cost$salt$hash form; no member action can store a malformed one.',
  },
  {
    file: 'portal/password.ts',
    line: 37,
    mutator: 'LogicalOperator',
    replacement: "(scheme !== 'scrypt' || !cost || !salt) && !hash",
    reason:
      'Equivalent: every stored hash is written by hashPassword in the scrypt$cost$salt$hash form; no member action can store a malformed one.',
  },
  {
    file: 'portal/password.ts',
    line: 37,
    mutator: 'LogicalOperator',
    replacement: "(scheme !== 'scrypt' || !cost) && !salt",
    reason:
      'Equivalent: every stored hash is written by hashPassword in the scrypt$cost$salt$hash form; no member action can store a malformed one.',
  },
  {
    file: 'portal/password.ts',
    line: 37,
    mutator: 'LogicalOperator',
    replacement: "scheme !== 'scrypt' && !cost",
    reason:
      'Equivalent: every stored hash is written by hashPassword in the scrypt$cost$salt$hash form; no member action can store a malformed one.',
  },
  {
    file: 'portal/password.ts',
    line: 37,
    mutator: 'BooleanLiteral',
    replacement: 'true',
    reason: 'Equivalent: the malformed-hash branch is never reached (every stored hash is written by hashPassword).',
  },
  {
    file: 'portal/password.ts',
    line: 40,
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'Equivalent in practice: an unknown e-mail is checked against the decoy hash of a random 32-hex-digit password made at start-up, which no visitor can type.',
  },
  {
    file: 'portal/routes/auth.ts',
    line: 15,
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      'Equivalent for the session cookie: an empty SameSite attribute is ignored and Chromium applies Lax, its default; an empty Path on the cookie set at /anmelden defaults to /.',
  },
  {
    file: 'portal/routes/auth.ts',
    line: 21,
    mutator: 'StringLiteral',
    replacement: '"Stryker was here!"',
    reason:
      'Equivalent: a return path that is not a local path is dropped at sign-in (safeReturnPath), so the member lands in member services as without one.',
  },
  {
    file: 'portal/routes/auth.ts',
    line: 29,
    mutator: 'MethodExpression',
    replacement: "fields.email ?? ''",
    reason:
      'Equivalent: the store trims the e-mail it looks up as well (store.ts memberByEmail); the suite signs in with a trailing space and passes either way.',
  },
  {
    file: 'portal/routes/auth.ts',
    line: 29,
    mutator: 'StringLiteral',
    replacement: '"Stryker was here!"',
    reason: 'Equivalent: the login form always sends an e-mail field; only a hand-made request without one reaches the default.',
  },
  {
    file: 'portal/routes/auth.ts',
    line: 30,
    mutator: 'StringLiteral',
    replacement: '"Stryker was here!"',
    reason: 'Equivalent: the login form always sends a password field; only a hand-made request without one reaches the default.',
  },
  {
    file: 'portal/routes/auth.ts',
    line: 35,
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "A lock's expiry after 15 minutes: a smoke run cannot wait it out, and the portal takes no clock from outside. The lock itself (after five, not four) is checked.",
  },
  {
    file: 'portal/routes/auth.ts',
    line: 35,
    mutator: 'EqualityOperator',
    replacement: 'member.lockedUntil < now',
    reason: "A lock's expiry to the millisecond, 15 minutes after the fifth wrong password: not observable within a run.",
  },
  {
    file: 'portal/routes/auth.ts',
    line: 35,
    mutator: 'BlockStatement',
    replacement: '{}',
    reason: "A lock's expiry after 15 minutes: a smoke run cannot wait it out, and the portal takes no clock from outside.",
  },
  {
    file: 'portal/routes/auth.ts',
    line: 41,
    mutator: 'LogicalOperator',
    replacement: "next && ''",
    reason: 'The lockout page forgets where the member was going: they cannot sign in for 15 minutes anyway.',
  },
  {
    file: 'portal/routes/auth.ts',
    line: 41,
    mutator: 'StringLiteral',
    replacement: '"Stryker was here!"',
    reason: 'Equivalent: a return path that is not a local path is dropped at sign-in (safeReturnPath).',
  },
  {
    file: 'portal/routes/auth.ts',
    line: 49,
    mutator: 'StringLiteral',
    replacement: '"Stryker was here!"',
    reason: 'Equivalent: a return path that is not a local path is dropped at sign-in (safeReturnPath).',
  },
  {
    file: 'portal/routes/auth.ts',
    line: 62,
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "Not a critical flow's promise: another site could sign a member out (a nuisance: they sign in again); no data or order is reachable through it.",
  },
  {
    file: 'portal/routes/auth.ts',
    line: 64,
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason:
      "Equivalent for signing out: the server ends the session whatever happens to the cookie (the suite checks that the old cookie opens nothing), and the cookie's default path is / anyway.",
  },
  {
    file: 'portal/routes/auth.ts',
    line: 64,
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      'Equivalent for signing out: the server ends the session whatever happens to the cookie (the suite checks that the old cookie opens nothing).',
  },
  {
    file: 'portal/routes/diesel.ts',
    line: 56,
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: 'Equivalent: a field the form did not send stays undefined either way.',
  },
  {
    file: 'portal/routes/diesel.ts',
    line: 79,
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason: "Cosmetic: the text of the quote API's 401 for the page script; the status is checked.",
  },
  {
    file: 'portal/routes/diesel.ts',
    line: 79,
    mutator: 'StringLiteral',
    replacement: '""',
    reason: "Cosmetic: the text of the quote API's 401 for the page script; the status is checked.",
  },
  {
    file: 'portal/routes/diesel.ts',
    line: 81,
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason: "Cosmetic: the text of the quote API's 403 for the page script; the status is checked.",
  },
  {
    file: 'portal/routes/diesel.ts',
    line: 81,
    mutator: 'StringLiteral',
    replacement: '""',
    reason: "Cosmetic: the text of the quote API's 403 for the page script; the status is checked.",
  },
  {
    file: 'portal/routes/diesel.ts',
    line: 86,
    mutator: 'BlockStatement',
    replacement: '{}',
    reason: 'Equivalent: a body that is not JSON then fails the object check below with the same 400 and text.',
  },
  {
    file: 'portal/routes/diesel.ts',
    line: 87,
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason: "Cosmetic: the text of the quote API's 400 for a body that is not JSON, which only a hand-made request sends.",
  },
  {
    file: 'portal/routes/diesel.ts',
    line: 87,
    mutator: 'StringLiteral',
    replacement: '""',
    reason: "Cosmetic: the text of the quote API's 400 for a body that is not JSON, which only a hand-made request sends.",
  },
  {
    file: 'portal/routes/diesel.ts',
    line: 90,
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason: "Cosmetic: the text of the quote API's 400 for a body that is not an object, which only a hand-made request sends.",
  },
  {
    file: 'portal/routes/diesel.ts',
    line: 90,
    mutator: 'StringLiteral',
    replacement: '""',
    reason: "Cosmetic: the text of the quote API's 400 for a body that is not an object, which only a hand-made request sends.",
  },
  {
    file: 'portal/session.ts',
    line: 39,
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'Equivalent: a lookup without a session id finds no session either way.',
  },
  {
    file: 'portal/session.ts',
    line: 42,
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "A session's end on the server after 8 hours: a smoke run cannot wait it out, and the portal takes no clock from outside. The cookie's 8-hour lifetime is checked.",
  },
  {
    file: 'portal/session.ts',
    line: 42,
    mutator: 'EqualityOperator',
    replacement: 'session.expiresAt < Date.now()',
    reason: "A session's end on the server to the millisecond after 8 hours: not observable within a run.",
  },
  {
    file: 'portal/session.ts',
    line: 42,
    mutator: 'BlockStatement',
    replacement: '{}',
    reason: "A session's end on the server after 8 hours: a smoke run cannot wait it out. The cookie's 8-hour lifetime is checked.",
  },
  {
    file: 'portal/session.ts',
    line: 55,
    mutator: 'BlockStatement',
    replacement: '{}',
    reason: 'Sessions of a member the test-data API deleted: they find no member any more and open nothing either way.',
  },
  {
    file: 'portal/session.ts',
    line: 56,
    mutator: 'BlockStatement',
    replacement: '{}',
    reason: 'Sessions of a member the test-data API deleted: they find no member any more and open nothing either way.',
  },
  {
    file: 'portal/session.ts',
    line: 57,
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'Sessions of a member the test-data API deleted: they find no member any more and open nothing either way.',
  },
  {
    file: 'portal/store.ts',
    line: 92,
    mutator: 'BlockStatement',
    replacement: '{}',
    reason: 'The member count in /healthz: information for operators, no member relies on it, and no business rule fixes it.',
  },
  {
    file: 'portal/store.ts',
    line: 103,
    mutator: 'MethodExpression',
    replacement: 'email',
    reason: 'Equivalent: the sign-in route trims the e-mail before the lookup (auth.ts line 29).',
  },
  {
    file: 'portal/store.ts',
    line: 113,
    mutator: 'MethodExpression',
    replacement: 'input.email',
    reason: "The test-data API's own input (the suite sends e-mails without spaces); members are not created through it.",
  },
  {
    file: 'portal/store.ts',
    line: 131,
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason: "The test-data API's upsert answer (created or not): the suite's seeding door, not a member flow.",
  },
  {
    file: 'portal/store.ts',
    line: 131,
    mutator: 'BooleanLiteral',
    replacement: 'false',
    reason: "The test-data API's upsert answer (created or not): the suite's seeding door, not a member flow.",
  },
  {
    file: 'portal/store.ts',
    line: 135,
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason: "The test-data API's upsert answer for an existing e-mail: the suite seeds unique e-mails, so it never takes this path.",
  },
  {
    file: 'portal/store.ts',
    line: 135,
    mutator: 'BooleanLiteral',
    replacement: 'true',
    reason: "The test-data API's upsert answer for an existing e-mail: the suite seeds unique e-mails, so it never takes this path.",
  },
  {
    file: 'portal/store.ts',
    line: 168,
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'Equivalent: order numbers start at 100000, so padding to six digits never adds a character.',
  },
  {
    file: 'portal/store.ts',
    line: 174,
    mutator: 'AssignmentOperator',
    replacement: 'this.nextOrder -= 1',
    reason:
      'Order numbers counting down stay unique and in the D-YYYY-NNNNNN format the confirmation check asks for; their direction is no rule members rely on.',
  },
]);
