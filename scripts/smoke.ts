import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ConfigError, describeConfig, getConfig, withoutCredentials } from '../config';
import { writeSuiteErrorReports } from '../incident';
import { ensureChromiumOrExit } from './browser';
import { checkPortalFaults } from './bundled-portal';
import { runSuite } from './suite';

/**
 * `npm run smoke [-- <playwright args>]`: the deploy gate. Validates the configuration, makes sure a Chromium is
 * there, runs every @critical test (only @probe ones in production), scrubs secrets from every artifact, renders the
 * HTML report, and exits 0 (all critical flows healthy), 1 (incident written) or 2 (the suite's own error: summary
 * verdict `error`, reports/ERROR.md says what to fix, no incident).
 */
const config = await configOrExit();
process.stderr.write(`${describeConfig(config)}\n`);
ensureChromiumOrExit();

/** The configuration; on a ConfigError the error summary and ERROR.md are written, then exit 2. */
async function configOrExit() {
  try {
    const config = getConfig();
    checkPortalFaults(config);
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    const reportsDir = path.resolve(process.env.FIREWATCH_REPORTS_DIR || 'reports');
    await writeSuiteErrorReports(
      reportsDir,
      {
        kind: 'configuration',
        message: error.message,
        fix: 'Correct the variable named above in the environment or .env (.env.example lists every one).',
      },
      { targetUrl: withoutCredentials(process.env.BASE_URL || 'unknown'), targetEnv: process.env.TARGET_ENV || 'local' },
    ).catch((cause: Error) => process.stderr.write(`Writing the error summary failed: ${cause.message}\n`));
    process.exit(2);
  }
}

// Playwright shares the terminal's process group, so Ctrl-C reaches it too; a signal sent to this process is passed on.
let playwright: ChildProcess | undefined;
const forward = (signal: NodeJS.Signals) => playwright?.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);

process.exit(await runSuite(config, process.argv.slice(2), { onChild: (child) => void (playwright = child) }));
