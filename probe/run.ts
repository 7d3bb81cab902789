import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../config';
import {
  readIncident,
  readSummary,
  reportPaths,
  stripControl,
  truncate,
  writeFileAtomic,
  type Incident,
  type ReportPaths,
  type Summary,
} from '../contract';
import { FLOWS } from '../flows';
import { finalizeReports, redactText } from '../incident';
import { ensureChromium } from '../scripts/browser';
import { runSuite } from '../scripts/suite';
import { appendHistory } from './history';
import { recordDeliveries, recordIncidents, type RecordedIncidents } from './incidents/record';
import type { ProbeMetrics } from './metrics';
import { publishProbeReports } from './publish';
import {
  advanceLifecycle,
  emptyState,
  MESSAGE_MAX,
  probeBrokenKeyFor,
  type Alert,
  type LifecycleResult,
  type RunOutcome,
} from './lifecycle';
import { acquireLock, type LockHeldError, type ProbeLock } from './lock';
import { alertContext } from './notify/context';
import { configuredChannels, deliverDirect, deliverSpool, enqueueAlerts, type DeliveryOptions, type Receivers } from './notify/deliver';
import { HISTORY_VERSION, type HistoryLine, type ProbeAction, type ProbeState } from './schema';
import { NewerStateError, openFlowIds, readState, rebuildStateFromHistory, writeState } from './state';

const ROOT = path.resolve(import.meta.dirname, '..');

/** What one probe run leaves behind: its exit code, the new state and its history line. */
export interface RunRecord {
  readonly exitCode: 0 | 1 | 2;
  readonly state: ProbeState;
  readonly history: HistoryLine;
  readonly paths: ReportPaths;
}

export interface CycleOptions {
  /** Extra Playwright arguments for the suite (e.g. `--grep @flow-member-login`). */
  readonly playwrightArgs?: readonly string[];
  readonly log: (line: string) => void;
  /** Delivery tuning (timeouts, retries); the defaults suit production receivers. */
  readonly delivery?: Partial<Omit<DeliveryOptions, 'log' | 'secrets'>>;
  /** Told the running suite process, so a second Ctrl-C can stop it. */
  readonly onSuite?: (child: ChildProcess | undefined) => void;
  /** True once a second signal asked to abandon the run: nothing is recorded. */
  readonly aborted?: () => boolean;
  /** Wall clock, injectable for tests of the lifecycle timing. */
  readonly now?: () => Date;
  /** The metrics a `--metrics-port` server serves; updated after every run. */
  readonly metrics?: ProbeMetrics;
}

/** The receivers configured in the environment; none means reports only. */
export function receiversOf(config: Config): Receivers {
  const { alerts } = config;
  return {
    ...(alerts.pagerDutyRoutingKey ? { pagerduty: { url: alerts.pagerDutyEventsUrl, routingKey: alerts.pagerDutyRoutingKey } } : {}),
    ...(alerts.slackWebhookUrl ? { slack: { url: alerts.slackWebhookUrl } } : {}),
    ...(alerts.webhookUrl
      ? { webhook: { url: alerts.webhookUrl, ...(config.probe.webhookSecret ? { secret: config.probe.webhookSecret } : {}) } }
      : {}),
  };
}

const blockedNoticeSchema = z.object({ owner: z.string(), since: z.string() });

/** What every alert about this probe location itself carries (its own dedup key, not a flow's). */
function locationAlertBase(config: Config, id: string, at: string, summary?: Pick<Summary, 'runId' | 'commit'>) {
  return {
    id,
    dedupKey: probeBrokenKeyFor(config.baseURL, config.probe.location),
    target: config.baseURL,
    location: config.probe.location,
    at,
    runId: summary?.runId ?? null,
    commit: summary?.commit ?? null,
  };
}

/** A probe-broken alert (or its all-clear) for this location, sent outside the lifecycle: the blocked run holds no lease. */
function probeBrokenAlert(
  config: Config,
  kind: 'probe-broken' | 'probe-broken-resolved',
  since: string,
  message: string,
  id: string,
): Alert {
  const base = locationAlertBase(config, id, new Date().toISOString());
  return kind === 'probe-broken'
    ? { ...base, kind, message, since }
    : { ...base, kind, since, durationMs: Math.max(0, Date.now() - Date.parse(since)) };
}

async function sendNow(config: Config, paths: ReportPaths, alert: Alert, log: (line: string) => void): Promise<ProbeAction[]> {
  const receivers = receiversOf(config);
  const context = await alertContext(config, [alert]);
  const fresh = await enqueueAlerts(paths.probe.spool, [alert], receivers, context, config.secrets);
  return deliverSpool(paths.probe.spool, receivers, { log, secrets: config.secrets }, fresh);
}

async function readBlockedNotice(paths: ReportPaths): Promise<z.infer<typeof blockedNoticeSchema> | undefined> {
  try {
    return blockedNoticeSchema.parse(JSON.parse(await readFile(paths.probe.blockedNotice, 'utf8')));
  } catch {
    return undefined;
  }
}

/**
 * A run that found the lease held: when it has been held for longer than one interval, nobody has been probing the
 * target for that long, so the probe-broken notice goes out (once per lease) instead of silence. The run that next
 * holds the lease resolves it.
 */
export async function noticeBlockedRun(
  config: Config,
  blocked: LockHeldError,
  intervalMs: number,
  log: (line: string) => void,
): Promise<void> {
  if (!blocked.holder || blocked.heldForMs <= intervalMs) return;
  const paths = reportPaths(config.reportsDir);
  if ((await readBlockedNotice(paths))?.owner === blocked.holder.owner) return;
  const since = blocked.holder.startedAt;
  const message = `No probe run could start for ${Math.round(blocked.heldForMs / 60_000)} minutes: ${blocked.message}`;
  await writeFileAtomic(paths.probe.blockedNotice, `${JSON.stringify({ owner: blocked.holder.owner, since })}\n`);
  const actions = await sendNow(
    config,
    paths,
    probeBrokenAlert(config, 'probe-broken', since, message, `blocked-${blocked.holder.owner}`),
    log,
  );
  log(`probe-broken notice: ${message} (${actions.map((action) => action.type).join(', ') || 'no channel configured'})`);
}

/** The all-clear for a blocked-run notice, once a run holds the lease again. */
async function resolveBlockedNotice(config: Config, paths: ReportPaths, log: (line: string) => void): Promise<ProbeAction[]> {
  const notice = await readBlockedNotice(paths);
  await rm(paths.probe.blockedNotice, { force: true });
  if (!notice) return [];
  const resolved = probeBrokenAlert(config, 'probe-broken-resolved', notice.since, '', `blocked-resolved-${notice.owner}`);
  return [
    { type: 'probe-broken-resolved', detail: 'probe runs again after a held lease' },
    ...(await sendNow(config, paths, resolved, log)),
  ];
}

/** Pings the heartbeat URL once, within 10 s; a failure is logged (its URL never: it holds a token), never fatal. */
async function pingHeartbeat(url: string, secrets: readonly string[], log: (line: string) => void): Promise<void> {
  try {
    const response = await fetch(url, { method: 'POST', redirect: 'error', signal: AbortSignal.timeout(10_000) });
    await response.body?.cancel();
    if (!response.ok) log(`The heartbeat ping was answered ${response.status}.`);
  } catch (error) {
    log(`The heartbeat ping failed: ${redactText((error as Error).message, secrets)}`);
  }
}

const maintenanceTime = z.iso.datetime({ offset: true });

/**
 * The maintenance window in force at `now`: the later of PROBE_MAINTENANCE_UNTIL and the maintenance file's window. The
 * file's first line is the window's end; an optional second line its start, so a window can be announced in advance
 * (the members' status page shows it) without muting anything before it starts.
 */
export async function maintenanceUntil(config: Config, paths: ReportPaths, now = new Date()): Promise<{ until?: string; error?: string }> {
  const text = await readFile(paths.probe.maintenance, 'utf8').catch(() => undefined);
  let fromFile: string | undefined;
  if (text !== undefined && text.trim()) {
    const [until, from] = text
      .trim()
      .split('\n')
      .map((line) => maintenanceTime.safeParse(line.trim()));
    if (!until?.success || (from && !from.success)) {
      return {
        error: `The maintenance file ${paths.probe.maintenance} must hold the window's end as an ISO 8601 time with a zone (e.g. 2026-11-24T06:00:00+01:00), and optionally its start on a second line; it holds "${text.trim().slice(0, 60)}".`,
      };
    }
    const started = !from?.success || Date.parse(from.data) <= now.getTime();
    if (started) fromFile = new Date(until.data).toISOString();
  }
  const times = [config.probe.maintenanceUntil, fromFile].filter((time): time is string => !!time).sort();
  return times.length ? { until: times[times.length - 1] } : {};
}

/**
 * Runs the @probe suite once, Playwright as its own process group (a terminal's Ctrl-C reaches the probe only, which
 * lets it finish), then scrubs its artifacts: the same run `npm run smoke` makes, with the same exit codes.
 */
async function runProbeSuite(config: Config, options: CycleOptions, lock: ProbeLock): Promise<number> {
  try {
    ensureChromium(options.log);
  } catch (error) {
    options.log((error as Error).message);
    return 2;
  }
  return runSuite(config, ['--retries=1', ...(options.playwrightArgs ?? [])], {
    cwd: ROOT,
    detached: true,
    stdin: 'ignore',
    env: { ...process.env, FIREWATCH_REPORTS_DIR: config.reportsDir, TARGET_ENV: config.targetEnv },
    onChild: async (child) => {
      options.onSuite?.(child);
      await lock.setSuitePid(child?.pid);
    },
  });
}

/** What the run means: judged from summary.json (and incident.json), or a suite error (exit 2, no summary, verdict error). */
async function outcomeOf(exitCode: number, paths: ReportPaths, log: (line: string) => void): Promise<RunOutcome> {
  let summary: Summary | undefined;
  let unreadable = '';
  try {
    summary = await readSummary(paths);
  } catch (error) {
    unreadable =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'it wrote no summary.json'
        : `its summary.json is unreadable (${(error as Error).message.split('\n')[0]})`;
  }
  if (!summary) return { kind: 'suite-error', message: `The probe suite exited ${exitCode} and ${unreadable}.` };
  if (summary.verdict === 'error' || exitCode === 2 || exitCode > 2) {
    const detail = summary.suiteError
      ? `${summary.suiteError.kind}: ${summary.suiteError.message} Fix: ${summary.suiteError.fix}`
      : `the suite exited ${exitCode}`;
    return { kind: 'suite-error', message: `The probe suite could not judge the target (${detail}).`, summary };
  }
  let incident: Incident | undefined;
  try {
    incident = (await readIncident(paths))?.incident;
  } catch (error) {
    log(`incident.json is unreadable (${(error as Error).message.split('\n')[0]}); each failed flow is alerted as its own root cause.`);
  }
  return { kind: 'judged', summary, ...(incident ? { incident } : {}) };
}

/**
 * Writes what a finished run leaves behind: the state (atomically; never over a newer schema's) and its history line. The one place where a
 * run's record is complete; whatever else should follow each run (status page, metrics) hooks in here.
 */
async function recordRun(record: RunRecord, keepState: boolean): Promise<void> {
  if (!keepState) await writeState(record.paths.probe.state, record.state);
  await appendHistory(record.paths.probe.history, record.history);
}

/**
 * One probe cycle: take the lock, run the @probe suite, read its summary, advance the incident lifecycle, spool and
 * send the alerts, record state and history. Returns undefined when the run was abandoned by a second signal.
 */
export async function runCycle(config: Config, options: CycleOptions): Promise<RunRecord | undefined> {
  const now = options.now ?? (() => new Date());
  const paths = reportPaths(config.reportsDir);
  const startedAt = now();
  const leaseActions: ProbeAction[] = [];
  const lock = await acquireLock(paths.probe.lock, async ({ previous, reason }) => {
    const detail = `the lease of the run started ${previous.startedAt} (pid ${previous.pid} on ${previous.host}) was taken over: ${reason}`;
    options.log(`${detail[0]?.toUpperCase()}${detail.slice(1)}.`);
    leaseActions.push({ type: 'lease-taken-over', detail });
    // Its suite may still be finishing its clean-up (cancelling a synthetic order) on this host.
    if (previous.suitePid && previous.host === hostname()) await waitForLeftoverSuite(previous.suitePid, options.log);
    // The dead probe never scrubbed what its suite wrote: do it before anything else reads or ships those files.
    await finalizeReports({ reportsDir: config.reportsDir, secrets: config.secrets }).catch((error: Error) =>
      options.log(`Scrubbing the abandoned run's reports failed: ${error.message.split('\n')[0]}`),
    );
  });
  try {
    const blockedActions = await resolveBlockedNotice(config, paths, options.log);
    const maintenance = await maintenanceUntil(config, paths, now());
    const stateActions: ProbeAction[] = [];
    const rebuild = async () => {
      const rebuilt = await rebuildStateFromHistory(
        paths.probe.history,
        emptyState(config.baseURL, config.probe.location, now().toISOString()),
      );
      const open = openFlowIds(rebuilt);
      stateActions.push({
        type: 'state-rebuilt',
        detail: rebuilt
          ? `state.json was damaged; rebuilt from the history (open: ${open.join(', ') || 'none'})`
          : 'state.json was damaged and there is no history to rebuild it from',
      });
      return rebuilt;
    };
    let previous: ProbeState | undefined;
    let newerState: string | undefined;
    try {
      previous = await readState(paths.probe.state, options.log, rebuild);
    } catch (error) {
      if (!(error instanceof NewerStateError)) throw error;
      newerState = error.message;
    }
    let outcome: RunOutcome;
    if (newerState) {
      outcome = { kind: 'suite-error', message: newerState };
    } else if (maintenance.error) {
      outcome = { kind: 'suite-error', message: maintenance.error };
    } else {
      // A summary left by an earlier run must never be read as this run's result.
      await rm(paths.summary, { force: true });
      const exitCode = await runProbeSuite(config, options, lock);
      if (options.aborted?.()) return undefined;
      outcome = await outcomeOf(exitCode, paths, options.log);
    }
    const decidedAt = now().toISOString();
    const result: LifecycleResult = advanceLifecycle({
      previous,
      outcome,
      registry: FLOWS,
      settings: {
        target: config.baseURL,
        location: config.probe.location,
        confirmRuns: config.probe.confirmRuns,
        ...(config.probe.renotifyMinutes ? { renotifyMinutes: config.probe.renotifyMinutes } : {}),
        ...(maintenance.until ? { maintenanceUntil: maintenance.until } : {}),
        now: decidedAt,
      },
    });
    const runId = outcome.summary?.runId ?? `probe-${startedAt.toISOString()}`;
    // Each incident's permanent record, before its alerts go out: the trigger's folder, the resolve's post-mortem.
    const incidents: RecordedIncidents =
      outcome.kind === 'judged'
        ? await recordIncidents({
            paths,
            target: config.baseURL,
            location: config.probe.location,
            runId,
            startedAt: startedAt.toISOString(),
            decidedAt,
            confirmRuns: config.probe.confirmRuns,
            timeZone: config.timeZone,
            secrets: config.secrets,
            registry: FLOWS,
            result,
          }).catch((error: Error) => {
            // A record that cannot be written never holds back an alert.
            options.log(`The incident record could not be written: ${redactText(error.message.split('\n')[0] ?? '', config.secrets)}`);
            return { alerts: result.alerts, touched: new Map<string, string>() };
          })
        : { alerts: result.alerts, touched: new Map<string, string>() };
    const alerts = incidents.alerts;
    const receivers = receiversOf(config);
    const context = await alertContext(config, alerts);
    const delivery = { ...options.delivery, log: options.log, secrets: config.secrets };
    const notice = (message: string, id: string): Alert => ({
      kind: 'notice',
      message,
      ...locationAlertBase(config, id, decidedAt, outcome.summary),
    });
    // Outbox first, then the state that caused it, then delivery: no crash can lose an alert or spool it twice.
    let fresh: Set<string> | undefined;
    let unspooled: ProbeAction[] = [];
    try {
      fresh = await enqueueAlerts(paths.probe.spool, alerts, receivers, context, config.secrets);
    } catch (error) {
      // A spool that cannot be written must not silence a detected outage: the alerts go out directly, with a notice.
      const reason = `The spool ${paths.probe.spool} cannot be written (${(error as Error).message.split('\n')[0]}): this run's alerts were sent directly, and what fails is not retried.`;
      options.log(reason);
      const direct = alerts.length ? [...alerts, notice(reason, `spool-unwritable-${decidedAt}`)] : [];
      unspooled = [
        { type: 'delivery-failed', detail: truncate(reason, 500) },
        ...(await deliverDirect(direct, receivers, context, delivery)),
      ];
    }
    // A state of a newer schema is left as it is: this version would write its own idea of it.
    if (newerState === undefined) await writeState(paths.probe.state, result.state);
    const spooled = fresh ? await deliverSpool(paths.probe.spool, receivers, delivery, fresh) : [];
    // A damaged item was moved aside unsent: people hear what could be read of it, rather than nothing.
    const damaged = spooled.filter((action) => action.detail?.startsWith('damaged spool item'));
    const noticed = damaged.length
      ? await deliverDirect(
          [
            notice(
              `An alert waiting in the spool was damaged and not sent; check the incident by hand. ${damaged.map((action) => action.detail).join(' ')}`,
              `damaged-${decidedAt}`,
            ),
          ],
          receivers,
          context,
          delivery,
        )
      : [];
    const deliveryActions = [...unspooled, ...spooled, ...noticed];
    for (const line of describeActions(result)) options.log(line);
    const endedAt = now();
    const history: HistoryLine = {
      v: HISTORY_VERSION,
      runId,
      startedAt: startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      durationMs: endedAt.getTime() - startedAt.getTime(),
      target: config.baseURL,
      targetEnv: config.targetEnv,
      location: config.probe.location,
      verdict: outcome.kind === 'suite-error' ? 'error' : outcome.summary.verdict,
      suiteError: outcome.kind === 'suite-error' ? truncate(stripControl(outcome.message), MESSAGE_MAX) : null,
      maintenance: result.maintenance,
      flows: [...result.flows],
      decidedAt,
      actions: [
        ...leaseActions,
        ...blockedActions,
        ...stateActions,
        // An earlier, crashed run's synthetic order that this run cancelled: said where people look.
        ...(outcome.summary?.warnings ?? [])
          .filter((warning) => warning.code === 'leftover-cancelled')
          .map((warning): ProbeAction => ({ type: 'leftover-cancelled', detail: truncate(warning.message, 300) })),
        ...result.actions,
        ...deliveryActions,
      ],
    };
    const record: RunRecord = { exitCode: result.exitCode, state: result.state, history, paths };
    await recordRun(record, newerState !== undefined);
    await recordDeliveries({
      paths,
      location: config.probe.location,
      runId,
      at: now().toISOString(),
      alerts,
      channels: configuredChannels(receivers),
      actions: deliveryActions,
      touched: incidents.touched,
    }).catch((error: Error) => options.log(`The incident record's deliveries could not be written: ${error.message.split('\n')[0]}`));
    // The dead man's switch: pinged only when the run judged the target, so a probe that cannot judge goes quiet too.
    if (outcome.kind === 'judged' && config.probe.heartbeatUrl) await pingHeartbeat(config.probe.heartbeatUrl, config.secrets, options.log);
    // Inside the lock, so two probes never write the page at once; a rendering problem never costs the run its record.
    await publishProbeReports(paths, options.metrics, now()).catch((error: Error) =>
      options.log(`The status page and metrics could not be written: ${error.message.split('\n')[0]}`),
    );
    return record;
  } finally {
    await lock.release();
  }
}

function describeActions(result: LifecycleResult): string[] {
  return result.actions.map(
    (action) => `${action.type}${action.flowId ? ` ${action.flowId}` : ''}${action.detail ? `: ${action.detail}` : ''}`,
  );
}

/** Waits for a dead run's suite to finish (its teardown cancels synthetic orders), then stops it if it hangs. */
async function waitForLeftoverSuite(pid: number, log: (line: string) => void): Promise<void> {
  const running = () => {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    // An exited child whose parent died may linger as a zombie until reaped: that is finished too.
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return true;
    }
  };
  if (!running()) return;
  log(`Its suite (pid ${pid}) is still running; waiting for it to finish so its clean-up runs.`);
  // A probe run takes about a minute; two are ample before the leftover counts as hung.
  const deadline = Date.now() + 120_000;
  while (running() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
  if (running()) {
    log(`The leftover suite (pid ${pid}) still runs after 2 minutes; stopping it.`);
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}
