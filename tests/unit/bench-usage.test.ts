import { expect, test } from '@playwright/test';
import { runTsx } from '../support/processes';

test('bench and soak answer a wrong option with their usage line and exit 2, and --help with exit 0, never a stack trace', async () => {
  for (const [script, usage] of [
    ['bench/main.ts', 'Usage: npm run bench'],
    ['bench/soak.ts', 'Usage: npm run soak'],
  ] as const) {
    const wrong = await runTsx(script, ['--bogus'], {});
    expect(wrong.exitCode, wrong.output).toBe(2);
    expect(wrong.output).toContain("Unknown option '--bogus'");
    expect(wrong.output).toContain(usage);
    expect(wrong.output).not.toMatch(/\n\s+at /);
    const help = await runTsx(script, ['--help'], {});
    expect(help.exitCode, help.output).toBe(0);
    expect(help.output).toContain(usage);
  }
});
