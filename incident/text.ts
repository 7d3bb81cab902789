/** Text helpers shared by the incident reporter and its renderers. */

// CSI and OSC sequences as terminals and Playwright's colored error output use them.
const ANSI_PATTERN = /[\u001B\u009B][[\]()#;?]*(?:(?:(?:[a-zA-Z\d]*(?:;[-a-zA-Z\d/#&.:=?%@~_]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~]))/g;

/** Removes terminal color codes, which Playwright puts into error messages. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '');
}

/** Cuts text to `max` characters with an ellipsis, so one error cannot flood a report. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

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

/** A duration in ms as a person reads it: "850 ms", "12.3 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
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
