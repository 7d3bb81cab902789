import path from 'node:path';
import { formatDuration, truncate, type Incident, type Summary } from '../contract';
import { tableCell } from './text';

/** Options for rendering: where INCIDENT.md sits relative to the reports folder and the working directory. */
export interface RenderOptions {
  /** Path from INCIDENT.md's folder to the reports folder (default: ".."). */
  readonly reportsFromIncident?: string;
  /** Path from the working directory to the reports folder, for shell commands (default: "reports"). */
  readonly reportsFromCwd?: string;
}

const utc = (iso: string) => `${iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')} UTC`;
const link = (from: string, file: string) => path.posix.join(from.split(path.sep).join('/'), file);

/** Renders INCIDENT.md from a validated incident: paste-ready for the incident channel, with a post-mortem skeleton. */
export function renderIncidentMarkdown(incident: Incident, options: RenderOptions = {}): string {
  const fromIncident = options.reportsFromIncident ?? '..';
  const fromCwd = options.reportsFromCwd ?? 'reports';
  const { run } = incident;
  const flowById = new Map(incident.flows.map((flow) => [flow.id, flow]));
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);

  push(`# ${incident.title}`, '');
  for (const root of incident.rootCauses) {
    const step = flowById.get(root.flowId)?.failingStep;
    if (root.brokenPromise) {
      push(`- **Broken promise:** ${tableCell(root.brokenPromise.promise)}${step ? ` (failing step: ${tableCell(step)})` : ''}`);
    }
  }
  push(`- **Severity:** ${incident.severity}`);
  push(`- **Detected at:** ${utc(incident.detectedAt)}`);
  push(`- **Target:** ${run.targetUrl} (TARGET_ENV=${run.targetEnv})`);
  push(`- **Commit:** ${run.commit ?? 'unknown'} · **Deploy:** ${run.deployId ?? 'unknown'}`);
  push(`- **CI run:** ${run.ciRunUrl ?? 'not in CI'}`);
  push(`- **Run id:** ${run.runId}`, '');

  push('## Impact', '');
  for (const root of incident.rootCauses) {
    const flow = flowById.get(root.flowId);
    if (!flow) continue;
    push(`- **${flow.capability}** (${root.severity}, owner: ${flow.owner}): ${flow.impact}`);
    for (const id of root.affected) {
      const affected = flowById.get(id);
      if (affected) push(`  - also affected: **${affected.capability}**: ${affected.impact}`);
    }
  }
  push('');

  push('## Root cause' + (incident.rootCauses.length > 1 ? 's' : ''), '');
  for (const root of incident.rootCauses) {
    const flow = flowById.get(root.flowId);
    const consequences = root.affected.length > 0 ? ` Consequences, not separate incidents: ${root.affected.join(', ')}.` : '';
    const promise = root.brokenPromise ? ` Broken promise: “${tableCell(root.brokenPromise.promise)}” (\`${root.brokenPromise.id}\`).` : '';
    push(`- \`${root.flowId}\` (${flow?.title ?? root.flowId}): ${root.phrase}.${promise}${consequences} Runbook: ${flow?.runbook ?? '–'}`);
  }
  push('');

  push('## Affected flows', '');
  push('| Flow | Status | Failing step | Failure class | Error | Duration | Attempts |');
  push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const flow of incident.flows) {
    const status = flow.blockedBy ? `${flow.status} (blocked by ${flow.blockedBy})` : flow.status;
    push(
      `| ${tableCell(`${flow.id}: ${flow.capability}`)} | ${tableCell(status)} | ${tableCell(flow.failingStep ?? '–')} | ${tableCell(flow.errorClass ?? '–')} | ${tableCell(truncate(flow.errorFirstLine ?? '–', 160))} | ${formatDuration(flow.durationMs)} | ${flow.attempts} |`,
    );
  }
  push('');

  push('## Evidence', '');
  push(`- HTML report: [${link(fromCwd, incident.htmlReport)}](${link(fromIncident, incident.htmlReport)})`);
  for (const flow of incident.flows) {
    for (const test of flow.tests.filter((t) => t.outcome === 'unexpected' || t.outcome === 'flaky')) {
      push('', `### ${flow.id}: ${test.title}`, '', `- Test: \`${test.location}\`${test.project ? ` (project ${test.project})` : ''}`);
      if (test.error) push('', '```text', truncate(test.error, 1500), '```', '');
      for (const shot of test.screenshots) push(`![screenshot ${flow.id}](${link(fromIncident, shot)})`);
      for (const trace of test.traces) push(`- Trace: \`npx playwright show-trace ${link(fromCwd, trace)}\``);
      const seen: [string, string[]][] = [
        ['Server errors (5xx)', test.serverErrors],
        ['Page errors', test.pageErrors],
        ['Console errors', test.consoleErrors],
        ['Failed requests', test.failedRequests],
      ];
      for (const [label, entries] of seen) {
        if (entries.length > 0) push(`- ${label}:`, ...entries.map((entry) => `  - \`${entry.replace(/`/g, "'")}\``));
      }
    }
  }
  push('');

  push('## Reproduce', '', 'Re-run only the failing flow against the same target:', '', '```sh', incident.reproduce, '```', '');

  push('## Roles and first actions', '');
  const roles: [string, string[]][] = [
    ['Coordinator', incident.roles.coordinator],
    ['Operations', incident.roles.operations],
    ['Communications', incident.roles.communications],
  ];
  for (const [role, actions] of roles) push(`**${role}**`, '', ...actions.map((action) => `- [ ] ${action}`), '');

  push('## Draft status message', '', ...incident.statusMessage.split('\n').map((line) => `> ${line}`), '');

  push('## Timeline (UTC)', '');
  for (const entry of incident.timeline) push(`- ${utc(entry.at)}: ${entry.event}`);
  push('');

  if (incident.warnings.length > 0) {
    push('## Warnings', '', ...incident.warnings.map((warning) => `- ${warning.message}`), '');
  }

  push(
    '## Post-mortem (draft)',
    '',
    '### Summary',
    '',
    `_What happened, in two sentences, for someone who was not there._ ${incident.title.replace(/^\[SEV-\d\] /, '')}.`,
    '',
    '### Impact',
    '',
    `_Who could not do what, for how long._ ${incident.rootCauses.map((root) => flowById.get(root.flowId)?.impact ?? '').join(' ')}`,
    '',
    '### Contributing factors',
    '',
    `- _Failure class: ${incident.rootCauses.map((root) => `${root.flowId}: ${flowById.get(root.flowId)?.errorClass ?? 'unknown'}`).join('; ')}. What made it possible?_`,
    '',
    '### Resolution',
    '',
    '- _What fixed it, when, and who confirmed it (a green smoke run)._',
    '',
    '### Detection',
    '',
    `- Detected by the firewatch smoke run ${run.runId} at ${utc(incident.detectedAt)}. _Was that fast enough? Did members report it first?_`,
    '',
    '### What went well',
    '',
    '- _…_',
    '',
    '### What went badly',
    '',
    '- _…_',
    '',
    '### Follow-ups',
    '',
    '- [ ] Test data: does the seeded data cover the case that failed?',
    '- [ ] Smoke coverage: would a check closer to the cause have named it sooner?',
    '- [ ] Alerting: did the right people get paged, at the right severity, once?',
    '- [ ] Runbook: update it with what was learned.',
    '',
  );
  return lines.join('\n');
}

/**
 * Renders reports/ERROR.md for a run that ended with verdict `error`: the suite, not the target, failed, so it says
 * what to fix instead of paging anyone. Short on purpose.
 */
export function renderErrorMarkdown(summary: Summary): string {
  const error = summary.suiteError;
  if (!error) return '';
  return [
    `# firewatch could not judge ${summary.targetUrl}: ${error.kind} error`,
    '',
    'This is a problem of the suite or its setup, not a product incident: nobody needs to be paged.',
    '',
    `- **What went wrong:** ${error.message}`,
    `- **What to fix:** ${error.fix}`,
    `- **Run:** ${summary.runId} (TARGET_ENV=${summary.targetEnv}), exit code 2`,
    '',
  ].join('\n');
}
