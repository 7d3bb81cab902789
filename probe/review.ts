import path from 'node:path';
import { getConfigOrExit } from '../config';
import { reportPaths, writeFileAtomic } from '../contract';
import { FLOWS } from '../flows';
import { loadReview, parseReviewArgs, renderReview, REVIEW_USAGE, reviewSummary, UsageError } from './incidents/review';

/**
 * `npm run review [-- --since <ISO>] [--until <ISO>] [--days <N>]`: the incident review of a period (the last 28 days
 * by default) from the incident register, the probe history and the post-mortems, into reports/probe/REVIEW.md, with a
 * short summary printed. Exit 2 with one line of usage on a wrong argument.
 */
let period: { since: Date; until: Date };
try {
  period = parseReviewArgs(process.argv.slice(2), new Date());
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message} ${REVIEW_USAGE}\n`);
  process.exit(2);
}
const config = getConfigOrExit();
const paths = reportPaths(config.reportsDir);
const generatedAt = new Date().toISOString();
const review = await loadReview(paths, FLOWS, period.since, period.until);
await writeFileAtomic(paths.probe.review, `${renderReview(review, config.timeZone, generatedAt)}\n`);
const shown = path.relative(process.cwd(), paths.probe.review);
process.stdout.write(`${reviewSummary(review, shown.startsWith('..') ? paths.probe.review : shown)}\n`);
