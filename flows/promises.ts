import { z } from 'zod';
import { flowIdSchema } from './schema';

/** The categories every flow's promises are derived from, one after another. */
export const PROMISE_CATEGORIES = ['access', 'isolation', 'accuracy', 'timeliness', 'fidelity', 'plausibility', 'side-effects'] as const;

/**
 * One mutant of the mutation run (`npm run mutation`), named as Stryker's JSON report names it: the file relative to
 * the project, the line it starts on, the mutator and the replacement, and the column where the line holds several
 * such mutants. The mutation run fails when a mutant named as a proof is not killed, or no longer exists.
 */
export const mutantRefSchema = z.object({
  file: z.string().regex(/^portal\/.+\.ts$/),
  line: z.number().int().positive(),
  column: z.number().int().positive().optional(),
  mutator: z.string().min(2),
  replacement: z.string(),
});
export type MutantRef = z.infer<typeof mutantRefSchema>;

/** What shows that a check really protects a promise: a portal fault the matrix shows caught, or a killed mutant. */
export const proofSchema = z.union([z.object({ fault: z.string().min(2) }), z.object({ mutant: mutantRefSchema })]);
export type Proof = z.infer<typeof proofSchema>;

/** What a broken promise means for its flow (README: What it checks); the registry gives each its severity. */
export const PROMISE_EFFECTS = ['down', 'wrong', 'degraded'] as const;

const entrySchema = z.object({
  flow: flowIdSchema,
  category: z.enum(PROMISE_CATEGORIES),
  /** The promise as a member would say it. */
  promise: z.string().min(10),
  /** What its breaking means: members cannot do it, get a wrong result, or miss something they rely on. */
  effect: z.enum(PROMISE_EFFECTS),
  /** For `wrong` and `degraded`: what happens, after the capability, in an incident title ("stores wrong totals"). */
  symptom: z.string().min(5).optional(),
  /** Titles of the critical tests that protect it, exactly as written (the test's own title, without its group). */
  checks: z.array(z.string().min(3)).min(1),
  proofs: z.array(proofSchema).min(1),
});

/** What a member relies on in one flow, in business words, with the checks that protect it and their proof. */
export type MemberPromise = z.infer<typeof entrySchema> & { readonly id: PromiseId };

const fault = (name: string): Proof => ({ fault: name });
const mutant = (file: string, line: number, mutator: string, replacement: string, column?: number): Proof => ({
  mutant: { file, line, mutator, replacement, ...(column === undefined ? {} : { column }) },
});

const SIGN_IN = 'member signs in and reaches member services';
const ORDER = 'member gets a correct quote, orders diesel once and finds exactly that order stored, listed and cancellable';
const BANDS = 'every band of the price rules is quoted as the cooperative prices it, for each product';
const SERVER_REFUSES = 'the server refuses every order the form rules forbid, in the quote and the order, and stores nothing';
const PUBLIC_WEATHER = 'weather for a member region is fresh, plausible and the same region and data as the weather API';

/**
 * The catalogue of member promises, flow by flow, derived category by category (access, isolation, accuracy,
 * timeliness, data fidelity, plausibility, side effects). `npm test` fails when a promise names no existing check or no
 * proof; the fault matrix shows each fault proof caught by a named check, `npm run mutation` each mutant proof killed.
 */
const CATALOGUE = {
  // availability
  'availability/portal-answers': {
    flow: 'availability',
    category: 'timeliness',
    promise: 'A member who opens the portal gets the home page, with the way to the member area, within 3 seconds.',
    effect: 'down',
    checks: ['home page answers within its budget'],
    proofs: [fault('instance-down')],
  },
  'availability/health-tells-the-truth': {
    flow: 'availability',
    category: 'plausibility',
    promise: 'The health endpoint says the portal and its weather ingest are fine only when they are: fresh data, known states.',
    effect: 'degraded',
    symptom: 'reports a health that does not match reality',
    checks: ['health endpoint tells the truth about the weather ingest'],
    proofs: [
      fault('healthz-hides-stale-weather'),
      mutant('portal/weatherService.ts', 50, 'ArithmeticOperator', '(now - last.getTime()) * 1000'),
    ],
  },
  'availability/health-answers': {
    flow: 'availability',
    category: 'timeliness',
    promise: 'The health endpoint answers within a second, readable, and says the instance is down only when it is.',
    effect: 'down',
    checks: ['health endpoint reports the instance up, with every check readable, within its budget'],
    proofs: [fault('instance-down')],
  },
  'availability/health-for-monitors': {
    flow: 'availability',
    category: 'plausibility',
    promise:
      "The health endpoint's overall status sums up its checks, names the deployed version and is never served from a cache, so every monitor behind it sees the truth.",
    effect: 'degraded',
    symptom: 'reports a health monitors cannot rely on',
    checks: ['health endpoint reports what monitors rely on: the checks summed up, the version, never from a cache'],
    proofs: [
      mutant('portal/routes/public.ts', 20, 'ConditionalExpression', 'false'),
      mutant('portal/routes/public.ts', 42, 'StringLiteral', '""', 31),
      mutant('portal/app.ts', 107, 'StringLiteral', '""'),
    ],
  },
  // member-login
  'member-login/sign-in': {
    flow: 'member-login',
    category: 'access',
    promise:
      'A member signs in with e-mail and password, as a phone types them, and lands in member services, greeted by name, within seconds.',
    effect: 'down',
    checks: [SIGN_IN, 'a member whose phone capitalised their e-mail and added a space signs in'],
    proofs: [fault('login-broken'), fault('session-lost')],
  },
  'member-login/in-time': {
    flow: 'member-login',
    category: 'timeliness',
    promise: 'The sign-in page opens, and signing in reaches member services, each within 10 seconds.',
    effect: 'down',
    checks: [SIGN_IN],
    proofs: [fault('slow-backend')],
  },
  'member-login/mistyped-password': {
    flow: 'member-login',
    category: 'access',
    promise: 'A member who mistyped their password can still sign in with the right one.',
    effect: 'down',
    checks: ['a member who mistyped their password signs in with the right one'],
    proofs: [mutant('portal/routes/auth.ts', 46, 'ConditionalExpression', 'true')],
  },
  'member-login/back-where-they-were': {
    flow: 'member-login',
    category: 'access',
    promise: 'A member sent to sign in on the way to a members-only page lands on that page once signed in.',
    effect: 'degraded',
    symptom: 'loses where members were going when they sign in',
    checks: ['a member sent to sign in from the diesel order form is back on it after signing in'],
    proofs: [mutant('portal/routes/auth.ts', 21, 'StringLiteral', '""')],
  },
  'member-login/stays-on-the-portal': {
    flow: 'member-login',
    category: 'isolation',
    promise: 'Signing in never sends a member to another site, whatever way back the link to the login page named.',
    effect: 'wrong',
    symptom: 'sends members to other sites after signing in',
    checks: ['a sign-in link naming another site as the way back leaves the member on the portal'],
    proofs: [
      mutant('portal/routes/helpers.ts', 68, 'MethodExpression', "value.endsWith('//')"),
      mutant('portal/routes/helpers.ts', 68, 'MethodExpression', "value.endsWith('/\\\\')"),
    ],
  },
  'member-login/own-form-only': {
    flow: 'member-login',
    category: 'access',
    promise: "Only the portal's own login form signs a member in: a sign-in sent from another site opens no session.",
    effect: 'wrong',
    symptom: 'accepts sign-ins sent from other sites',
    checks: ["a sign-in sent without the login form's token opens no session"],
    proofs: [mutant('portal/routes/auth.ts', 28, 'ConditionalExpression', 'false')],
  },
  'member-login/lockout-as-documented': {
    flow: 'member-login',
    category: 'access',
    promise: 'Only five wrong passwords in a row lock an account (for 15 minutes, with a message saying so); four never do.',
    effect: 'wrong',
    symptom: 'locks accounts other than as documented',
    checks: ['five wrong passwords in a row lock the account as documented, four do not'],
    proofs: [mutant('portal/routes/auth.ts', 46, 'EqualityOperator', 'member.failedLogins > LOCK_AFTER_FAILURES')],
  },
  'member-login/wrong-password-refused': {
    flow: 'member-login',
    category: 'access',
    promise: 'A wrong password never opens member services.',
    effect: 'wrong',
    symptom: 'lets members in with a wrong password',
    checks: ['wrong password does not sign in'],
    proofs: [mutant('portal/password.ts', 40, 'LogicalOperator', 'timingSafeEqual(actual, expected) || stored !== null')],
  },
  'member-login/refusal-explained': {
    flow: 'member-login',
    category: 'access',
    promise: 'A member whose sign-in is refused is told that e-mail or password is wrong, whether the e-mail is registered or not.',
    effect: 'degraded',
    symptom: 'does not tell members why their sign-in failed',
    checks: [
      'wrong password is refused with a clear message',
      'an e-mail nobody registered is refused with the same message as a wrong password',
    ],
    proofs: [fault('login-error-message-missing')],
  },
  'member-login/sign-out': {
    flow: 'member-login',
    category: 'access',
    promise: 'A member who signs out is signed out for good: the old session opens nothing any more.',
    effect: 'wrong',
    symptom: 'keeps sessions open after members sign out',
    checks: ['after signing out the old session no longer opens member services'],
    proofs: [mutant('portal/session.ts', 50, 'BlockStatement', '{}')],
  },
  'member-login/session-lasts': {
    flow: 'member-login',
    category: 'access',
    promise: 'A session lasts a working day (8 hours), and page scripts cannot read it.',
    effect: 'degraded',
    symptom: 'ends sessions too early or exposes them',
    checks: ['a session lasts a working day and is out of reach of page scripts'],
    proofs: [
      mutant('portal/session.ts', 4, 'ArithmeticOperator', '8 * 60 * 60 / 1000'),
      mutant('portal/routes/auth.ts', 15, 'BooleanLiteral', 'false'),
    ],
  },
  // member-services
  'member-services/who-and-what': {
    flow: 'member-services',
    category: 'fidelity',
    promise: 'A member sees their own name exactly as registered (umlauts and ß included), their number and every service.',
    effect: 'down',
    checks: ['member sees their name, membership number and every service'],
    proofs: [fault('member-services-missing')],
  },
  'member-services/every-service-opens': {
    flow: 'member-services',
    category: 'access',
    promise:
      "Every service member services offer opens its page, and the discounts page states the cooperative's discounts as it grants them.",
    effect: 'degraded',
    symptom: 'offers services that do not open',
    checks: ["every service a member is offered opens its page, and the discounts page states the cooperative's discounts"],
    proofs: [
      mutant('portal/routes/member.ts', 35, 'ArrowFunction', '() => undefined'),
      mutant('portal/routes/member.ts', 50, 'StringLiteral', '""'),
    ],
  },
  'member-services/own-orders': {
    flow: 'member-services',
    category: 'accuracy',
    promise: 'A member sees every one of their orders with its product and quantity, in German number format.',
    effect: 'wrong',
    symptom: 'shows members wrong orders',
    checks: ['member sees their orders with product and quantity'],
    proofs: [mutant('portal/store.ts', 147, 'EqualityOperator', 'order.memberId !== memberId')],
  },
  'member-services/newest-first': {
    flow: 'member-services',
    category: 'fidelity',
    promise: "A member's orders are listed newest first, so the order they just placed is the one they see.",
    effect: 'degraded',
    symptom: 'lists orders out of order',
    checks: ['member services list the newest order first'],
    proofs: [mutant('portal/store.ts', 147, 'ArrowFunction', '() => undefined')],
  },
  'member-services/only-own-orders': {
    flow: 'member-services',
    category: 'isolation',
    promise: "A member never sees another member's orders in member services.",
    effect: 'wrong',
    symptom: "shows members other members' orders",
    checks: ["member services never list another member's orders"],
    proofs: [fault('orders-unscoped')],
  },
  'member-services/in-time': {
    flow: 'member-services',
    category: 'timeliness',
    promise: 'Member services open within 10 seconds, with the services a member came for.',
    effect: 'down',
    checks: ['member services open within their budget'],
    proofs: [fault('member-services-missing')],
  },
  // diesel-order
  'diesel-order/can-order': {
    flow: 'diesel-order',
    category: 'access',
    promise: 'A signed-in member can get a quote and place a diesel order, confirmed with an order number.',
    effect: 'down',
    checks: [ORDER],
    proofs: [fault('diesel-submit-500'), fault('diesel-field-missing'), fault('diesel-js-error')],
  },
  'diesel-order/confirmed-is-stored': {
    flow: 'diesel-order',
    category: 'accuracy',
    promise: 'The quote a member confirms is the amount stored and charged, with the product, quantity and date they chose.',
    effect: 'wrong',
    symptom: 'stores wrong totals',
    checks: [ORDER],
    proofs: [fault('diesel-price-wrong')],
  },
  'diesel-order/own-address': {
    flow: 'diesel-order',
    category: 'fidelity',
    promise: "The order form offers the member's own address exactly as registered: umlauts, ß and the leading zero included.",
    effect: 'wrong',
    symptom: 'offers members a misspelled delivery address',
    checks: [ORDER],
    proofs: [fault('diesel-rejects-valid-postcode')],
  },
  'diesel-order/exactly-one-order': {
    flow: 'diesel-order',
    category: 'side-effects',
    promise:
      'Placing an order stores exactly that one order, and cancelling it with its button cancels exactly that one, confirmed by its number.',
    effect: 'wrong',
    symptom: 'stores or cancels the wrong orders',
    checks: [ORDER, 'cancelling one order leaves every other order of the member as it was'],
    proofs: [fault('diesel-double-order'), mutant('portal/routes/member.ts', 31, 'StringLiteral', '``')],
  },
  'diesel-order/priced-by-the-rules': {
    flow: 'diesel-order',
    category: 'accuracy',
    promise: 'Every product, on both sides of every price band, is quoted as the cooperative prices it, to the cent.',
    effect: 'wrong',
    symptom: 'quotes wrong prices',
    checks: [BANDS],
    proofs: [fault('diesel-discount-boundary'), fault('diesel-price-wrong')],
  },
  'diesel-order/german-quantities': {
    flow: 'diesel-order',
    category: 'fidelity',
    promise: 'A quantity typed the German way ("1.500", "12.000") is the same number of litres.',
    effect: 'wrong',
    symptom: 'misreads German quantities',
    checks: [BANDS],
    proofs: [mutant('portal/validation.ts', 51, 'Regex', '/[^. ]/g')],
  },
  'diesel-order/price-list-states-rules': {
    flow: 'diesel-order',
    category: 'accuracy',
    promise: "The public price list states the cooperative's discounts, delivery fee and VAT.",
    effect: 'degraded',
    symptom: 'publishes wrong price rules',
    checks: ["the price list states the cooperative's rules"],
    proofs: [fault('diesel-price-list-wrong')],
  },
  'diesel-order/refuses-what-rules-forbid': {
    flow: 'diesel-order',
    category: 'side-effects',
    promise: 'An order the rules forbid (quantity, postcode, date, product) is refused by the server and never stored.',
    // Members using the page are still protected by its script: the orders stored wrongly come from around it.
    effect: 'degraded',
    symptom: 'accepts orders the rules forbid',
    checks: [SERVER_REFUSES],
    proofs: [
      fault('diesel-server-accepts-invalid'),
      mutant('portal/validation.ts', 58, 'Regex', '/\\d{5}$/'),
      mutant('portal/validation.ts', 50, 'Regex', '/^\\d+/'),
    ],
  },
  'diesel-order/accepts-every-valid-order': {
    flow: 'diesel-order',
    category: 'access',
    promise:
      'Every order the rules allow is taken, up to their edges: "1 500" and " 1.500 ", a leading-zero postcode, the longest street, town and notes, the first and last day of the window.',
    effect: 'down',
    checks: ['the server accepts every order at the edges of the form rules, as members type them'],
    proofs: [fault('diesel-rejects-valid-postcode'), mutant('portal/validation.ts', 98, 'EqualityOperator', 'notes.length >= 500')],
  },
  'diesel-order/refusal-explained': {
    flow: 'diesel-order',
    category: 'access',
    promise: 'A member whose order the rules forbid is told on the page which field to correct, and why.',
    effect: 'degraded',
    symptom: 'does not tell members what to correct',
    checks: ['an invalid postcode, a quantity out of range and a past date are refused on the page with their messages'],
    proofs: [fault('diesel-js-error')],
  },
  'diesel-order/leading-zero-postcode': {
    flow: 'diesel-order',
    category: 'fidelity',
    promise: 'Members with a leading-zero postcode (01067 Dresden) can order.',
    effect: 'down',
    checks: ['a postcode with a leading zero is accepted'],
    proofs: [fault('diesel-rejects-valid-postcode')],
  },
  'diesel-order/only-own-orders': {
    flow: 'diesel-order',
    category: 'isolation',
    promise: "A member can never open or cancel another member's order, whatever address they type.",
    effect: 'wrong',
    symptom: "opens other members' orders",
    checks: ["a member cannot open or cancel another member's order"],
    proofs: [fault('orders-unscoped')],
  },
  'diesel-order/members-only': {
    flow: 'diesel-order',
    category: 'isolation',
    promise:
      'Only a signed-in member orders or cancels, in their own name: without a session, or with a token from another site, nothing opens, nothing is ordered and nothing is cancelled.',
    effect: 'wrong',
    symptom: 'takes orders nobody signed in for',
    checks: ['without a session or with a forged token nothing opens, nothing is ordered and nothing is cancelled'],
    proofs: [
      mutant('portal/routes/diesel.ts', 53, 'ConditionalExpression', 'false'),
      mutant('portal/routes/diesel.ts', 79, 'ConditionalExpression', 'false'),
      mutant('portal/routes/member.ts', 26, 'ConditionalExpression', 'false'),
    ],
  },
  'diesel-order/in-time': {
    flow: 'diesel-order',
    category: 'timeliness',
    promise: 'The order form opens with every field, and the quote and the price list answer, each within its budget.',
    effect: 'down',
    checks: ['the order form and the quote answer within their budgets'],
    proofs: [fault('diesel-field-missing')],
  },
  // weather
  'weather/fresh-and-plausible': {
    flow: 'weather',
    category: 'plausibility',
    promise: 'The weather is fresh and physically and seasonally plausible for the region and the date, in the units shown.',
    effect: 'down',
    checks: [PUBLIC_WEATHER],
    proofs: [fault('weather-stale'), fault('weather-implausible'), fault('weather-down')],
  },
  'weather/member-region': {
    flow: 'weather',
    category: 'accuracy',
    promise: "A signed-in member's weather page opens on their own region.",
    effect: 'degraded',
    symptom: "opens on another region than the member's",
    checks: ["the weather page opens on the member's own region, the same as the weather API"],
    proofs: [fault('weather-member-region-wrong')],
  },
  'weather/every-region-named': {
    flow: 'weather',
    category: 'accuracy',
    promise:
      'Every region the cooperative serves gets its weather under its own name, fresh and plausible, at the time the page states in German time.',
    effect: 'wrong',
    symptom: 'names the weather of the wrong place',
    checks: ['every weather region is named as the cooperative names it, with fresh and plausible weather', PUBLIC_WEATHER],
    proofs: [mutant('portal/weather.ts', 6, 'StringLiteral', '""'), mutant('portal/format.ts', 34, 'StringLiteral', '``')],
  },
  'weather/postcode-understood': {
    flow: 'weather',
    category: 'fidelity',
    promise:
      'The weather page opens on the home region, understands a postcode typed with spaces around it, and tells a member whose postcode it cannot use what is wrong.',
    effect: 'degraded',
    symptom: 'misreads the postcodes members type',
    checks: ['the weather page opens on the home region, understands a postcode typed with spaces and names one it cannot use'],
    proofs: [
      mutant('portal/weatherService.ts', 16, 'ConditionalExpression', 'false'),
      mutant('portal/routes/public.ts', 49, 'StringLiteral', '""', 74),
    ],
  },
  'weather/in-time': {
    flow: 'weather',
    category: 'timeliness',
    promise: 'The weather page and the weather API answer within their budget.',
    effect: 'down',
    checks: ['the weather page and the weather API answer within their budgets'],
    proofs: [fault('slow-backend')],
  },
} as const satisfies Record<string, z.input<typeof entrySchema>>;

/** The id of a promise: `<flow>/<what>`. */
export type PromiseId = keyof typeof CATALOGUE;

/** The catalogue of member promises, flow by flow, validated at load. */
export const PROMISES: readonly MemberPromise[] = Object.freeze(
  Object.entries(CATALOGUE).map(([id, entry]) => Object.freeze({ id: id as PromiseId, ...entrySchema.parse(entry) })),
);

const promiseById = new Map(PROMISES.map((promise) => [promise.id as string, promise]));

/** The promise with this id, if the catalogue has it. */
export function findPromise(id: string): MemberPromise | undefined {
  return promiseById.get(id);
}

/** The promises a check (by its own title) protects, in catalogue order. */
export function promisesOfCheck(title: string): MemberPromise[] {
  return PROMISES.filter((promise) => promise.checks.includes(title));
}
