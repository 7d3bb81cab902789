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
  {
    file: 'portal/weather.ts',
    line: 123,
    mutator: 'EqualityOperator',
    replacement: 'i <= 100',
    reason: 'Equivalent: region "100" is ingested but never asked for; a weather region is a postcode\'s first two digits.',
  },
  {
    file: 'portal/weather.ts',
    line: 109,
    mutator: 'ArrowFunction',
    replacement: '() => undefined',
    reason:
      "The ingest stops refreshing after its first run: members' weather would turn stale only after 30 minutes (the suite's FRESH_WITHIN_MINUTES), longer than any smoke run; the probe's freshness check catches it in production within that time.",
  },
  {
    file: 'portal/weatherService.ts',
    line: 23,
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason: 'Equivalent: every region 00 to 99 is ingested when the portal starts, so a valid postcode always has a snapshot.',
  },
  {
    file: 'portal/weatherService.ts',
    line: 23,
    mutator: 'ObjectLiteral',
    replacement: '{}',
    reason: 'Equivalent: every region 00 to 99 is ingested when the portal starts, so a valid postcode always has a snapshot.',
  },
  {
    file: 'portal/weatherService.ts',
    line: 23,
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'Equivalent: every region 00 to 99 is ingested when the portal starts, so a valid postcode always has a snapshot.',
  },
  {
    file: 'portal/weatherService.ts',
    line: 27,
    mutator: 'StringLiteral',
    replacement: '""',
    reason: "Equivalent: the routes tell the two refusals ('invalid-postcode', 'unavailable') apart and take every other kind as weather.",
  },
  {
    file: 'portal/weatherService.ts',
    line: 52,
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'Reached only under the weather-down fault (ignored as fault injection): the ingest has run before the first request, so its last run is never empty.',
  },
  {
    file: 'portal/weatherService.ts',
    line: 52,
    mutator: 'LogicalOperator',
    replacement: "faults.has('weather-down') && last === null",
    reason:
      'Reached only under the weather-down fault (ignored as fault injection): the ingest has run before the first request, so its last run is never empty.',
  },
  {
    file: 'portal/weatherService.ts',
    line: 52,
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      'Reached only under the weather-down fault (ignored as fault injection): the ingest has run before the first request, so its last run is never empty.',
  },
  {
    file: 'portal/routes/public.ts',
    line: 12,
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'Equivalent: readFileSync with an empty encoding returns the bytes, which the route sends unchanged.',
  },
  {
    file: 'portal/routes/public.ts',
    line: 13,
    mutator: 'StringLiteral',
    replacement: '""',
    reason: 'Equivalent: readFileSync with an empty encoding returns the bytes, which the route sends unchanged.',
  },
  {
    file: 'portal/routes/public.ts',
    line: 62,
    mutator: 'StringLiteral',
    replacement: '"Stryker was here!"',
    reason: 'Equivalent: without a postcode the API refuses the request as an invalid postcode either way.',
  },
  {
    file: 'portal/weather.ts',
    line: 95,
    mutator: 'LogicalOperator',
    replacement: 'REGION_NAMES[region] && `Region ${region}`',
    reason:
      "Equivalent: the weather the routes serve takes its region name from the postcode (weatherService.ts: regionName: region.name), never from the feed's own.",
  },
  {
    file: 'portal/weather.ts',
    line: 95,
    mutator: 'StringLiteral',
    replacement: '``',
    reason:
      "Equivalent: the weather the routes serve takes its region name from the postcode (weatherService.ts: regionName: region.name), never from the feed's own.",
  },
  {
    file: 'portal/routes/public.ts',
    line: 20,
    mutator: 'ConditionalExpression',
    replacement: 'true',
    reason:
      'Reached only while the weather ingest is not ok (the weather faults, ignored as fault injection); with every check ok the overall status is ok either way.',
  },
  {
    file: 'portal/weatherService.ts',
    line: 50,
    mutator: 'MethodExpression',
    replacement: 'Math.min(0, Math.round((now - last.getTime()) / 1000))',
    reason:
      "The portal's ingest runs when it starts, and every run (the gate's, the mutation run's) checks /healthz within seconds of that, when the age is 0 either way; the age check catches larger errors.",
  },
  {
    file: 'portal/validation.ts',
    line: 44,
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'Only other API clients send the quantity as a JSON number; the order form and its page script send the text members type, which the checks cover.',
  },
  {
    file: 'portal/validation.ts',
    line: 44,
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      'Only other API clients send the quantity as a JSON number; the order form and its page script send the text members type, which the checks cover.',
  },
  {
    file: 'portal/validation.ts',
    line: 48,
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      'Only other API clients send the quantity as a JSON number; the order form and its page script send the text members type, which the checks cover.',
  },
  {
    file: 'portal/validation.ts',
    line: 48,
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      'Only other API clients send the quantity as a JSON number; the order form and its page script send the text members type, which the checks cover.',
  },
  {
    file: 'portal/validation.ts',
    line: 50,
    mutator: 'Regex',
    replacement: '/^\\d{1,3}(\\.\\d{3})$/',
    reason:
      'Equivalent within the rules: a quantity with two thousands groups is at least 1.000.000 l, far above the 30.000 l the rules allow, so it is refused either way.',
  },
  {
    file: 'portal/validation.ts',
    line: 50,
    mutator: 'Regex',
    replacement: '/^\\d{1,3}( \\d{3})$/',
    reason:
      'Equivalent within the rules: a quantity with two thousands groups is at least 1.000.000 l, far above the 30.000 l the rules allow, so it is refused either way.',
  },
  {
    file: 'portal/weatherService.ts',
    line: 53,
    mutator: 'ArithmeticOperator',
    replacement: '(ageSeconds ?? 0) / 1000',
    reason:
      "The ingest calls itself stale only after five minutes without a run and it runs every minute, so no smoke run meets the threshold; members' weather is judged against the suite's own freshness rule directly, and a just-run ingest reported stale or down is caught (health endpoint tells the truth).",
  },
  {
    file: 'portal/weatherService.ts',
    line: 53,
    mutator: 'ArithmeticOperator',
    replacement: '3 / ingest.intervalMs',
    reason:
      "The ingest calls itself stale only after five minutes without a run and it runs every minute, so no smoke run meets the threshold; members' weather is judged against the suite's own freshness rule directly, and a just-run ingest reported stale or down is caught (health endpoint tells the truth).",
  },
  {
    file: 'portal/weatherService.ts',
    line: 53,
    mutator: 'ConditionalExpression',
    replacement: 'false',
    reason:
      "The ingest calls itself stale only after five minutes without a run and it runs every minute, so no smoke run meets the threshold; members' weather is judged against the suite's own freshness rule directly, and a just-run ingest reported stale or down is caught (health endpoint tells the truth).",
  },
  {
    file: 'portal/weatherService.ts',
    line: 53,
    mutator: 'EqualityOperator',
    replacement: '(ageSeconds ?? 0) * 1000 >= Math.max(3 * ingest.intervalMs, 300_000)',
    reason:
      "The ingest calls itself stale only after five minutes without a run and it runs every minute, so no smoke run meets the threshold; members' weather is judged against the suite's own freshness rule directly, and a just-run ingest reported stale or down is caught (health endpoint tells the truth).",
  },
  {
    file: 'portal/weatherService.ts',
    line: 53,
    mutator: 'LogicalOperator',
    replacement: 'ageSeconds && 0',
    reason:
      "The ingest calls itself stale only after five minutes without a run and it runs every minute, so no smoke run meets the threshold; members' weather is judged against the suite's own freshness rule directly, and a just-run ingest reported stale or down is caught (health endpoint tells the truth).",
  },
  {
    file: 'portal/weatherService.ts',
    line: 53,
    mutator: 'LogicalOperator',
    replacement: "faults.has('weather-stale') && (ageSeconds ?? 0) * 1000 > Math.max(3 * ingest.intervalMs, 300_000)",
    reason:
      "The ingest calls itself stale only after five minutes without a run and it runs every minute, so no smoke run meets the threshold; members' weather is judged against the suite's own freshness rule directly, and a just-run ingest reported stale or down is caught (health endpoint tells the truth).",
  },
  {
    file: 'portal/weatherService.ts',
    line: 53,
    mutator: 'MethodExpression',
    replacement: 'Math.min(3 * ingest.intervalMs, 300_000)',
    reason:
      "The ingest calls itself stale only after five minutes without a run and it runs every minute, so no smoke run meets the threshold; members' weather is judged against the suite's own freshness rule directly, and a just-run ingest reported stale or down is caught (health endpoint tells the truth).",
  },
  {
    file: 'portal/weatherService.ts',
    line: 53,
    mutator: 'StringLiteral',
    replacement: '""',
    reason:
      "The ingest calls itself stale only after five minutes without a run and it runs every minute, so no smoke run meets the threshold; members' weather is judged against the suite's own freshness rule directly, and a just-run ingest reported stale or down is caught (health endpoint tells the truth).",
  },
]);
