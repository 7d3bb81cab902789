/** Where an alert's links point: the run in CI when known, else the incident report on the probe's host. */
export interface AlertContext {
  readonly reportUrl: string;
}

/** Cuts text to a receiver's limit, marking the cut. */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** "1 h 5 min", "3 min 20 s": how long an outage lasted, for people. */
export function humanDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h) return `${h} h ${m} min`;
  if (m) return `${m} min ${s} s`;
  return `${s} s`;
}

/** What failed and where, in one phrase: the incident's root-cause phrase, with the failing step when it lacks it. */
export function failurePhrase(details: { failure: string | null; error: string | null; errorClass: string | null; failingStep: string | null }): string {
  const what = details.failure ?? details.error ?? details.errorClass ?? 'failed';
  const step = details.failingStep ?? 'unknown';
  return what.includes(step) ? what : `${what} at step “${step}”`;
}
