import path from 'node:path';
import { getConfigOrExit } from '../../config';
import { reportPaths } from '../../contract';
import { ProbeFileError, renderStatusPage } from './index';

/**
 * `npm run status`: re-renders reports/probe/status.html from the probe history and state. Exit 2 with one
 * paragraph when there is no history yet or state.json is broken.
 */
/** A path as a shell user would type it: relative inside the working directory, else absolute. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

const config = getConfigOrExit();
try {
  const result = await renderStatusPage(reportPaths(config.reportsDir));
  const skipped = result.model.runs.unreadable ? `, ${result.model.runs.unreadable} unreadable lines skipped` : '';
  process.stdout.write(
    `Status page: ${shown(result.file)} (${result.model.runs.total} runs${skipped}; ${(result.bytes / 1024).toFixed(0)} KiB in ${Math.round(result.elapsedMs)} ms)\n`,
  );
} catch (error) {
  if (!(error instanceof ProbeFileError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}
