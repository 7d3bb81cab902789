/** Text helpers of the incident reporter and its renderers (those the probe shares live in contract/text.ts). */
import { stripAnsi, truncate } from '../contract';

/** The first non-empty line, without a leading "Error: ", cut to `max` characters. */
export function firstLine(text: string, max = 200): string {
  const line = stripAnsi(text)
    .split('\n')
    .map((part) => part.trim())
    .find((part) => part.length > 0);
  return truncate((line ?? '').replace(/^Error:\s*/, ''), max);
}

/** Escapes text for a Markdown table cell (pipes and line breaks would break the row). */
export function tableCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim() || '–';
}

/** Removes the source code frame and stack lines Playwright appends to error messages; they are not the failure. */
export function stripCodeFrame(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*>?\s*\d+ \|/.test(line) && !/^\s*\|\s*\^?\s*$/.test(line) && !/^\s+at .+:\d+:\d+\)?$/.test(line))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
