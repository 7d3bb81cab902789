import { StringDecoder } from 'node:string_decoder';
import { Transform, type TransformCallback } from 'node:stream';
import { stripControl } from '../contract';
import { createScrubber, secretVariants } from '../incident';

// A complete SGR sequence (colors and bold): the one escape Playwright's own output needs, and a harmless one.
// eslint-disable-next-line no-control-regex -- ESC is what this pattern recognises.
const SGR = /\u001B\[[\d;]{0,32}m/g;
// An escape sequence cut off at the end of a chunk (CSI without its final byte, OSC or DCS without its terminator):
// held back until its end arrives, so it is removed whole instead of leaving its printable half behind.
// eslint-disable-next-line no-control-regex -- as above.
const UNFINISHED_ESCAPE = /\u001B(?:\[[0-?]*[ -/]*|[\]P^_X][^\u0007\u001B]*\u001B?|[()#])?$/;
/** Longer unfinished sequences are let through (their ESC removed): what is left is printable text. */
const MAX_HELD_ESCAPE = 512;

/**
 * Text for a person's terminal or a CI log: every secret replaced, every escape sequence but colors removed (a window
 * title, a screen clear, a clipboard write, a cursor that overwrites lines) and every control character but tab and
 * newline. What the target sends reaches Playwright's list reporter in error messages (a locator's received text, a
 * call log), so the suite's output is passed through this before it reaches the terminal.
 */
export function forTerminal(text: string, scrub: (text: string) => string = (plain) => plain): string {
  const scrubbed = scrub(text);
  let output = '';
  let from = 0;
  for (const match of scrubbed.matchAll(SGR)) {
    output += stripControl(scrubbed.slice(from, match.index)) + match[0];
    from = match.index + match[0].length;
  }
  return output + stripControl(scrubbed.slice(from));
}

/**
 * A stream that passes a child's output on through {@link forTerminal}. A chunk that ends inside an escape sequence or
 * inside what may be the start of a secret is held back until the next chunk says which, so no secret slips through
 * cut in two; the rest passes at once (dots and list lines appear as they come).
 */
export function terminalGuard(secrets: readonly string[]): Transform {
  const scrubber = createScrubber(secrets);
  const variants = [...new Set(secrets.flatMap(secretVariants))];
  const decoder = new StringDecoder('utf8');
  let held = '';

  /** The length of the longest end of `text` that may continue into a secret or a color sequence. */
  const unfinished = (text: string): number => {
    const escape = UNFINISHED_ESCAPE.exec(text.slice(-MAX_HELD_ESCAPE))?.[0].length ?? 0;
    let longest = escape;
    for (const variant of variants) {
      for (let length = Math.min(variant.length - 1, text.length); length > longest; length--) {
        if (text.endsWith(variant.slice(0, length))) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  };

  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      const text = held + decoder.write(chunk);
      const keep = unfinished(text);
      held = text.slice(text.length - keep);
      done(null, forTerminal(text.slice(0, text.length - keep), scrubber.text));
    },
    flush(done: TransformCallback) {
      done(null, forTerminal(held + decoder.end(), scrubber.text));
    },
  });
}
