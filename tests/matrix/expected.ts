import path from 'node:path';
import type { FaultName } from '../../portal/faults';

/** Where each scenario's reports and its matrix row (`<scenario>.row.json`) are written. */
export const MATRIX_DIR = path.resolve(import.meta.dirname, '..', '..', 'reports', 'matrix');

export type Scenario = 'healthy' | FaultName;

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
};
