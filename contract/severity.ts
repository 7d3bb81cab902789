import { SEVERITIES, type Severity } from '../flows';
import type { Effect } from './schema';

/**
 * The one severity rule (README: What it checks): a failure that means `down` has the registry's severity for its
 * flow; `degraded` is one level lower, at most SEV-5.
 */
export function effectiveSeverity(severity: Severity, effect: Effect): Severity {
  if (effect === 'down') return severity;
  return SEVERITIES[Math.min(SEVERITIES.indexOf(severity) + 1, SEVERITIES.length - 1)] as Severity;
}

/** The most urgent of several severities (SEV-1 is the highest); SEV-5 for none. */
export function highestSeverity(severities: readonly Severity[]): Severity {
  return [...severities].sort()[0] ?? 'SEV-5';
}
