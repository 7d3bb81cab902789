import path from 'node:path';
import { PROMISES } from '../../flows';
import type { FaultName } from '../../portal/faults';
import type { ProxyShape } from '../support/hostile-proxy';

/** Where each scenario's reports and its matrix row (`<scenario>.row.json`) are written. */
export const MATRIX_DIR = path.resolve(import.meta.dirname, '..', '..', 'reports', 'matrix');

/**
 * The shapes real infrastructure in front of a healthy portal takes (tests/support/hostile-proxy.ts), as scenarios of
 * the same run: what nobody wrote into the portal's catalogue.
 */
export const PROXY_SCENARIOS = {
  'proxy-html-503': 'html-503',
  'proxy-healthz-html': 'healthz-html',
  'proxy-default-page': 'default-page',
  'proxy-hostile': 'hostile',
  'proxy-huge': 'huge',
  'proxy-redirect-login': 'redirect-login',
  'proxy-redirect-login-post': 'redirect-login-post',
} as const satisfies Record<string, ProxyShape>;
export type ProxyScenario = keyof typeof PROXY_SCENARIOS;

export type Scenario = 'healthy' | FaultName | ProxyScenario;

const EVERY_FLOW = ['availability', 'member-login', 'member-services', 'diesel-order', 'weather'];
const SIGN_IN_FLOWS = ['member-login', 'member-services', 'diesel-order'];

/**
 * Which flows each fault must turn red (not passed: failed, or skipped because a flow it depends on
 * failed). Every other flow must stay green: a fault the suite misses, or blames on the wrong flow,
 * is a bug in the suite.
 */
export const EXPECTED_BROKEN: Record<Scenario, readonly string[]> = {
  healthy: [],
  'instance-down': ['availability', 'member-login', 'member-services', 'diesel-order', 'weather'],
  'slow-backend': ['member-login', 'member-services', 'diesel-order', 'weather'],
  'login-broken': ['member-login', 'member-services', 'diesel-order'],
  'session-lost': ['member-login', 'member-services', 'diesel-order'],
  'member-services-missing': ['member-services'],
  'diesel-submit-500': ['diesel-order'],
  'diesel-field-missing': ['diesel-order'],
  'diesel-price-wrong': ['diesel-order'],
  'diesel-rejects-valid-postcode': ['diesel-order'],
  'diesel-js-error': ['diesel-order'],
  'weather-stale': ['weather'],
  'weather-down': ['weather'],
  'weather-implausible': ['weather'],
  'diesel-discount-boundary': ['diesel-order'],
  'diesel-price-list-wrong': ['diesel-order'],
  'diesel-server-accepts-invalid': ['diesel-order'],
  'diesel-double-order': ['diesel-order'],
  'weather-member-region-wrong': ['weather'],
  'healthz-hides-stale-weather': ['availability'],
  'login-error-message-missing': ['member-login'],
  'orders-unscoped': ['member-services', 'diesel-order'],
  // An instance the members cannot use: availability down, every other flow blocked by it.
  'proxy-html-503': EVERY_FLOW,
  'proxy-healthz-html': EVERY_FLOW,
  'proxy-default-page': EVERY_FLOW,
  'proxy-hostile': EVERY_FLOW,
  'proxy-huge': EVERY_FLOW,
  // A sign-in sent elsewhere: member login fails by name, the signed-in flows are blocked by it; public weather works.
  'proxy-redirect-login': SIGN_IN_FLOWS,
  'proxy-redirect-login-post': SIGN_IN_FLOWS,
};

/**
 * Each flow's main check: every scenario runs it for every flow. A fault that leaks into another flow breaks that
 * flow's main path first, so the matrix keeps asserting exactly which flows go red.
 */
const GUARD_CHECKS: Record<string, string> = {
  availability: 'home page answers within its budget',
  'member-login': 'member signs in and reaches member services',
  'member-services': 'member sees their name, membership number and every service',
  'diesel-order': 'member gets a correct quote, orders diesel once and finds exactly that order stored, listed and cancellable',
  weather: 'weather for a member region is fresh, plausible and the same region and data as the weather API',
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The checks of every member promise that names this scenario's fault as its proof: the matrix shows each one caught. */
export function proofChecks(scenario: Scenario): string[] {
  return PROMISES.filter((promise) => promise.proofs.some((proof) => 'fault' in proof && proof.fault === scenario)).flatMap(
    (promise) => promise.checks,
  );
}

/**
 * The checks a scenario runs: the main check of every flow (GUARD_CHECKS) and the checks of the promises its fault
 * proves (proofChecks); the healthy portal, and a fault that breaks every flow, run every check. What the other checks
 * of a broken flow would say under the fault adds nothing the matrix asserts, at a suite's worth of checks per fault.
 */
export function scenarioGrep(scenario: Scenario): RegExp {
  const expected = EXPECTED_BROKEN[scenario];
  if (scenario === 'healthy' || expected.length === EVERY_FLOW.length) return /@critical\b/;
  const checks = new Set([...EVERY_FLOW.map((flow) => GUARD_CHECKS[flow] ?? flow), ...proofChecks(scenario)]);
  return new RegExp([...checks].map(escapeRegExp).join('|'));
}
