import type { Flow, Severity } from '../flows';
import type { Effect } from './schema';

/**
 * The one severity rule (README: What it checks): the registry decides per flow. A failure that means `down` has the
 * flow's `severity`; `wrong` and `degraded` have the severities its `effectSeverity` gives them.
 */
export function effectiveSeverity(flow: Pick<Flow, 'severity' | 'effectSeverity'>, effect: Effect): Severity {
  return effect === 'down' ? flow.severity : flow.effectSeverity[effect];
}

/** The most urgent of several severities (SEV-1 is the highest); SEV-5 for none. */
export function highestSeverity(severities: readonly Severity[]): Severity {
  return [...severities].sort()[0] ?? 'SEV-5';
}

/**
 * What happened to a capability, for the incident title: "is down" when members cannot do it; for a wrong result or
 * something missing, the broken promise's own symptom ("stores wrong totals"), else "gives wrong results" or "is degraded".
 */
export function stateWord(effect: Effect, symptom?: string): string {
  if (effect === 'down') return 'is down';
  return symptom ?? (effect === 'wrong' ? 'gives wrong results' : 'is degraded');
}

/** The same for several capabilities at once. */
export function pluralStateWord(effects: readonly Effect[]): string {
  if (effects.every((effect) => effect === 'degraded')) return 'are degraded';
  if (effects.every((effect) => effect !== 'down')) return 'give wrong results';
  return 'are down';
}
