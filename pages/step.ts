import { test } from '@playwright/test';

/**
 * Runs a page-object action as a named, boxed report step, so a failure reads
 * "step 'Submit diesel order' failed" and points at the spec line that called it.
 */
export function step<T>(title: string, body: () => Promise<T>): Promise<T> {
  return test.step(title, body, { box: true });
}

/** Parses a German amount such as "1.234,56 €", "−45,12 €", "1,459 €", "3,4 °C" or "1.500 l" into a number. */
export function parseGermanNumber(text: string): number {
  const match = /([-−–]?)\s*([\d.]+(?:,\d+)?)/.exec(text.replace(/\u00a0/g, ' '));
  if (!match?.[2]) throw new Error(`Expected a German number, got "${text}".`);
  const value = Number(match[2].replace(/\./g, '').replace(',', '.'));
  return match[1] ? -value : value;
}
