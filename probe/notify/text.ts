import { stateWord } from '../../contract';
import type { TriggerDetails } from '../lifecycle';
/** Where an alert's links point: the run in CI when known, else the incident report on the probe's host. */
export interface AlertContext {
  readonly reportUrl: string;
}

/** What failed and where, in one phrase: the incident's root-cause phrase, with the failing step when it lacks it. */
export function failureLine(details: {
  failure: string | null;
  error: string | null;
  errorClass: string | null;
  failingStep: string | null;
}): string {
  const what = details.failure ?? details.error ?? details.errorClass ?? 'failed';
  const step = details.failingStep ?? 'unknown';
  return what.includes(step) ? what : `${what} at step “${step}”`;
}

/** What happened to the capability, after its name ("is down", "stores wrong totals"); spooled alerts from before it was recorded fall back to the effect. */
export function stateOf(details: Pick<TriggerDetails, 'state' | 'effect'>): string {
  // Spooled alerts written before `state` existed lack it.
  return details.state || stateWord(details.effect);
}
