import path from 'node:path';
import { getConfigOrExit } from '../../config';
import { reportPaths } from '../../contract';
import { membersPageSettings, ProbeFileError, renderMembersPage, renderStatusPage } from './index';

/** A path as a shell user would type it: relative inside the working directory, else absolute. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

/**
 * `npm run status`: re-renders reports/probe/status.html (operations) and reports/probe/members.html (members) from the
 * probe history, state and incident register. Exit 2 with one paragraph when there is no history yet or state.json is
 * broken.
 */
const config = getConfigOrExit();
try {
  const paths = reportPaths(config.reportsDir);
  const now = new Date();
  const result = await renderStatusPage(paths, now);
  const members = await renderMembersPage(paths, result.model, membersPageSettings(config), now);
  const skipped = result.model.runs.unreadable ? `, ${result.model.runs.unreadable} unreadable lines skipped` : '';
  process.stdout.write(
    `Status page: ${shown(result.file)} (${result.model.runs.total} runs${skipped}; ${(result.bytes / 1024).toFixed(0)} KiB in ${Math.round(result.elapsedMs)} ms)\n` +
      `Members' page: ${shown(members.file)} (${(members.bytes / 1024).toFixed(0)} KiB)\n`,
  );
} catch (error) {
  if (!(error instanceof ProbeFileError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}
