/** Text helpers every part that writes for people shares: the reporter, the probe's alerts and its status page. */

// CSI and OSC sequences as terminals and Playwright's colored error output use them.
const ANSI_PATTERN =
  // eslint-disable-next-line no-control-regex -- ESC, CSI and BEL are exactly what this pattern exists to strip.
  /[\u001B\u009B][[\]()#;?]*(?:(?:(?:[a-zA-Z\d]*(?:;[-a-zA-Z\d/#&.:=?%@~_]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~]))/g;

/** Removes terminal color codes, which Playwright puts into error messages. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '');
}

/** Cuts text to `max` characters with an ellipsis, so one error cannot flood a report or exceed a receiver's limit. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * A duration as people read it. To the second (test steps, outages): "850 ms", "12.3 s", "5 min 5 s", "1 h 5 min".
 * To the minute (status-page averages): "45 s", "10 min", "1 h 30 min". Days from 24 hours on: "3 d 4 h".
 */
export function formatDuration(ms: number, precision: 'second' | 'minute' = 'second'): string {
  const total = Math.max(0, ms);
  if (precision === 'second' && total < 1000) return `${Math.round(total)} ms`;
  if (precision === 'second' && total < 60_000) return `${(total / 1000).toFixed(1)} s`;
  const seconds = Math.round(total / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = precision === 'minute' ? Math.round(seconds / 60) : Math.floor(seconds / 60);
  if (minutes < 60) return precision === 'second' && seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

// C0 and C1 control characters except tab and newline: what a terminal or a report must never receive from the target.
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are removed from excerpts.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Removes terminal escape sequences and control characters (a window title, a screen clear, a clipboard write). */
export function stripControl(text: string): string {
  return stripAnsi(text).replace(CONTROL, '');
}

/**
 * A short, printable excerpt of a body the target sent, for a message: an HTML page by its title (an nginx or
 * gateway error page says what it is there), else its text; control characters removed, whitespace collapsed, cut.
 */
export function bodyExcerpt(text: string, max = 200): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text.slice(0, 20_000))?.[1];
  const plain = title ?? (/^\s*</.test(text) ? text.slice(0, 20_000).replace(/<[^>]*>/g, ' ') : text.slice(0, 20_000));
  return truncate(stripControl(plain).replace(/\s+/g, ' ').trim(), max) || '(empty body)';
}

/**
 * Parses JSON the target sent. A body that is not JSON (a proxy's HTML error page, a default web-server page) is the
 * target's failure, said with what it sent: never a SyntaxError, which would read as a bug in the suite.
 */
export function parseTargetJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} with a body that is not JSON: ${bodyExcerpt(text)}`);
  }
}
