import { expect } from '@playwright/test';
import { stripAnsi } from '../../contract';
import { terminalGuard } from '../../scripts/terminal';
import { HOSTILE_TEXT } from '../support/hostile-proxy';
import { runTsx } from '../support/processes';
import { test } from './planted-run';

const PASSWORD = 'Terminal-Geheimnis-4711';
// Every escape sequence but a color (SGR), and every control character but tab and newline.
// eslint-disable-next-line no-control-regex -- control characters are what this test looks for.
const NOT_A_COLOR = /\u001b(?!\[[\d;]*m)|[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f]/;

for (const colors of ['0', '1']) {
  test(`what the target said reaches the terminal without its control sequences or a secret (FORCE_COLOR=${colors})`, async ({
    reportsDir,
  }) => {
    const run = await runTsx('scripts/smoke.ts', ['-c', 'tests/incident/planted-terminal/playwright.config.ts'], {
      BASE_URL: 'http://127.0.0.1:9',
      TARGET_ENV: 'local',
      PROBE_PASSWORD: PASSWORD,
      FIREWATCH_REPORTS_DIR: reportsDir,
      FORCE_COLOR: colors,
      CI: '',
    });
    // The check's error and the worker's log line both reached the terminal, each with the target's words around the cut.
    const words = stripAnsi(run.output);
    expect(words.match(/Wartungsarbeiten/g)?.length ?? 0, run.output).toBeGreaterThanOrEqual(2);
    expect(words).toContain('Ende der Antwort');
    expect(run.output).toContain('[REDACTED]');
    expect(run.output).not.toContain(PASSWORD);
    expect(run.output, 'no escape sequence but colors, no control character').not.toMatch(NOT_A_COLOR);
    expect(run.output).not.toContain('pwned-title');
    expect(run.output.includes('\u001b['), 'colors pass when asked for, and only then').toBe(colors === '1');
    // Without the guard the same run prints them: the planted text really carries them.
    expect(HOSTILE_TEXT).toMatch(NOT_A_COLOR);
  });
}

test('the terminal guard holds back a secret or a color cut between two chunks, and passes the rest at once', async () => {
  const guard = terminalGuard([PASSWORD]);
  const passed: string[] = [];
  guard.on('data', (chunk: Buffer) => passed.push(chunk.toString('utf8')));
  const write = (text: string) => new Promise<void>((resolve) => guard.write(text, () => resolve()));
  const text = `ok \u001b[32m✓\u001b[39m Anmeldung mit ${PASSWORD} \u001b]0;title\u0007Größe ·`;
  // Every cut of the text into two chunks, also inside the secret, the colors, the title sequence and the ß.
  for (let cut = 1; cut < text.length; cut++) {
    passed.length = 0;
    await write(text.slice(0, cut));
    await write(text.slice(cut));
    await write('\n');
    expect(passed.join(''), `cut at ${cut}`).toBe('ok \u001b[32m✓\u001b[39m Anmeldung mit [REDACTED] Größe ·\n');
  }
  // A dot of the dot reporter is not held back.
  passed.length = 0;
  await write('·');
  expect(passed.join('')).toBe('·');
});
