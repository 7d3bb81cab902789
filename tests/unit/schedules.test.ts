import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parseAllDocuments, parse } from 'yaml';
import { environmentSchema } from '../../config';
import { SECRET_VARIABLES } from '../../contract';
import { ROOT } from '../support/processes';

const WORKFLOWS = path.join(ROOT, '.github', 'workflows');
const DEPLOY = path.join(ROOT, 'deploy');

/** The secrets a production probe needs wherever it runs (SEED_TOKEN is for seeding, never in production). */
const PROBE_SECRETS = ['PROBE_EMAIL', ...SECRET_VARIABLES.filter((name) => name !== 'SEED_TOKEN')];
/** Every variable the configuration reads (Playwright's own PLAYWRIGHT_* report settings are checked apart). */
const KNOWN_VARIABLES = new Set(Object.keys(environmentSchema.shape));

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; if?: string };
type Job = {
  'runs-on'?: unknown;
  needs?: string | string[];
  steps?: Step[];
  env?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown> };
};
type Workflow = { name?: string; on?: unknown; jobs?: Record<string, Job>; concurrency?: { group?: string } };

async function workflow(name: string): Promise<Workflow> {
  return parse(await readFile(path.join(WORKFLOWS, name), 'utf8')) as Workflow;
}

const scripts = async (): Promise<Record<string, string>> => JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')).scripts;

test('every workflow parses and has what GitHub requires: on, jobs, runs-on, steps that use or run something', async () => {
  const files = (await readdir(WORKFLOWS)).filter((file) => /\.ya?ml$/.test(file)).sort();
  expect(files).toEqual(['deploy-gate.yml', 'probe.yml', 'sharded.yml']);
  const npmScripts = await scripts();
  for (const file of files) {
    const text = await readFile(path.join(WORKFLOWS, file), 'utf8');
    const documents = parseAllDocuments(text);
    expect(
      documents.flatMap((document) => document.errors.map((error) => error.message)),
      file,
    ).toEqual([]);
    const flow = parse(text) as Workflow;
    expect(flow.on, `${file}: on`).toBeTruthy();
    expect(Object.keys(flow.jobs ?? {}).length, `${file}: jobs`).toBeGreaterThan(0);
    for (const [name, job] of Object.entries(flow.jobs ?? {})) {
      expect(job['runs-on'], `${file} ${name}: runs-on`).toBeTruthy();
      expect(job.steps?.length, `${file} ${name}: steps`).toBeGreaterThan(0);
      for (const step of job.steps ?? [])
        expect(Boolean(step.uses) !== Boolean(step.run), `${file} ${name}: a step has uses or run`).toBe(true);
      for (const variable of Object.keys(job.env ?? {}).filter((key) => !key.startsWith('PLAYWRIGHT_'))) {
        expect(KNOWN_VARIABLES.has(variable), `${file} ${name}: env ${variable} is a firewatch variable`).toBe(true);
      }
      for (const command of (job.steps ?? []).flatMap((step) =>
        [...(step.run ?? '').matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((match) => match[1]),
      )) {
        expect(npmScripts[command ?? ''], `${file} ${name}: npm run ${command} exists`).toBeTruthy();
      }
    }
    // Secrets are referenced only under their own names, and only names the suite knows.
    for (const [, variable, secret] of text.matchAll(/(\w+): \$\{\{ secrets\.(\w+) \}\}/g)) {
      expect(secret, `${file}: ${variable} takes the secret of its own name`).toBe(variable);
      expect(KNOWN_VARIABLES.has(secret ?? ''), `${file}: secret ${secret}`).toBe(true);
    }
  }
});

test('the probe workflow runs every 10 minutes and on demand, one at a time, keeping reports/probe between runs', async () => {
  const flow = await workflow('probe.yml');
  expect(flow.on).toEqual({ schedule: [{ cron: '*/10 * * * *' }], workflow_dispatch: null });
  expect(flow.concurrency?.group).toBeTruthy();
  const job = flow.jobs?.probe;
  expect(job?.env?.TARGET_ENV).toBe('production');
  expect(job?.env?.BASE_URL).toBe('${{ vars.BASE_URL }}');
  for (const secret of PROBE_SECRETS) expect(job?.env?.[secret], secret).toBe(`\${{ secrets.${secret} }}`);
  const steps = job?.steps ?? [];
  const restore = steps.findIndex((step) => step.uses?.startsWith('actions/cache/restore@'));
  const probe = steps.findIndex((step) => step.run === 'npm run probe');
  const save = steps.findIndex((step) => step.uses?.startsWith('actions/cache/save@'));
  expect([restore < probe, probe < save, restore >= 0]).toEqual([true, true, true]);
  const [restoreWith, saveWith] = [steps[restore]?.with, steps[save]?.with];
  expect(restoreWith?.path).toBe('reports/probe');
  expect(saveWith?.path).toBe('reports/probe');
  expect(saveWith?.key, 'a new cache entry per run: caches cannot be overwritten').toMatch(/github\.run_id/);
  expect(String(restoreWith?.key)).toBe(String(saveWith?.key));
  expect(String(saveWith?.key).startsWith(String(restoreWith?.['restore-keys'])), 'restore-keys is the prefix of every run key').toBe(true);
  expect(steps[save]?.if, 'state is saved after a red run too').toBe('always()');
  const upload = steps.find(
    (step) => step.uses?.startsWith('actions/upload-artifact@') && String(step.with?.path).includes('reports/probe/status.html'),
  );
  expect(upload?.if).toBe('always()');
});

test('the deploy gate still runs the smoke command with the secrets the suite knows', async () => {
  const flow = await workflow('deploy-gate.yml');
  const job = flow.jobs?.smoke;
  expect(job?.steps?.map((step) => step.run).filter(Boolean)).toEqual([
    'npm ci',
    'npx playwright install --with-deps chromium',
    'npm run smoke',
  ]);
  expect(job?.env?.TARGET_ENV).toBe('staging');
  expect(job?.env?.SEED_TOKEN).toBe('${{ secrets.SEED_TOKEN }}');
});

test('the sharded workflow splits with --shard, uploads blobs and builds the incident report once in a merge job', async () => {
  const flow = await workflow('sharded.yml');
  const shard = flow.jobs?.shard;
  const merge = flow.jobs?.merge;
  const shards = shard?.strategy?.matrix?.shard as number[];
  expect(shards.length).toBeGreaterThan(1);
  expect(shard?.steps?.some((step) => step.run === 'npm run smoke -- --shard=${{ matrix.shard }}/${{ strategy.job-total }}')).toBe(true);
  expect(shard?.steps?.find((step) => step.uses?.startsWith('actions/upload-artifact@'))?.with?.path).toBe('reports/blob/report-*.zip');
  expect(merge?.needs).toBe('shard');
  const mergeRuns = (merge?.steps ?? []).map((step) => step.run ?? '');
  expect(mergeRuns.filter((run) => run.includes('merge-reports'))).toEqual([
    'npx playwright merge-reports --reporter ./incident/reporter.ts,html,junit all-blob-reports',
  ]);
  expect(mergeRuns.join('\n')).not.toContain('npm run smoke');
});

test('the Kubernetes CronJob has the required fields, a claim for reports/probe, Forbid, and its secrets from a Secret', async () => {
  const text = await readFile(path.join(DEPLOY, 'kubernetes', 'probe-cronjob.yaml'), 'utf8');
  const documents = parseAllDocuments(text);
  expect(documents.flatMap((document) => document.errors.map((error) => error.message))).toEqual([]);
  const objects = documents.map((document) => document.toJS());
  for (const object of objects) {
    expect(typeof object.apiVersion, 'apiVersion').toBe('string');
    expect(typeof object.kind, 'kind').toBe('string');
    expect(object.metadata?.name, `${object.kind}: metadata.name`).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  }
  const byKind = (kind: string) => objects.filter((object) => object.kind === kind);
  const [claim] = byKind('PersistentVolumeClaim');
  expect(claim.spec.accessModes.length).toBeGreaterThan(0);
  expect(claim.spec.resources.requests.storage).toMatch(/^\d+(Mi|Gi)$/);
  const [secret] = byKind('Secret');
  expect(Object.keys(secret.stringData).sort()).toEqual([...PROBE_SECRETS].sort());
  expect(
    Object.values(secret.stringData).every((value) => value === ''),
    'no secret value is committed',
  ).toBe(true);

  const [cron] = byKind('CronJob');
  expect(cron.apiVersion).toBe('batch/v1');
  expect(cron.spec.schedule).toBe('*/10 * * * *');
  expect(cron.spec.concurrencyPolicy).toBe('Forbid');
  const pod = cron.spec.jobTemplate.spec.template.spec;
  expect(['Never', 'OnFailure']).toContain(pod.restartPolicy);
  const [container] = pod.containers;
  expect(container.name).toBeTruthy();
  expect(container.image).toBeTruthy();
  expect(container.envFrom).toEqual([{ secretRef: { name: secret.metadata.name } }]);
  expect(Object.fromEntries(container.env.map((entry: { name: string; value: string }) => [entry.name, entry.value]))).toMatchObject({
    TARGET_ENV: 'production',
  });
  for (const entry of container.env) expect(KNOWN_VARIABLES.has(entry.name), entry.name).toBe(true);
  const mount = container.volumeMounts.find((candidate: { mountPath: string }) => candidate.mountPath.endsWith('/reports/probe'));
  const volume = pod.volumes.find((candidate: { name: string }) => candidate.name === mount?.name);
  expect(volume?.persistentVolumeClaim?.claimName).toBe(claim.metadata.name);
});

test('cron and systemd examples run the probe without overlap and name every secret they need', async () => {
  const cron = await readFile(path.join(DEPLOY, 'cron', 'firewatch-probe'), 'utf8');
  const entries = cron.split('\n').filter((line) => line.trim() && !line.startsWith('#') && !/^\w+=/.test(line));
  expect(entries).toHaveLength(1);
  const [minute, hour, day, month, weekday, user, ...command] = (entries[0] ?? '').split(/\s+/);
  expect([minute, hour, day, month, weekday]).toEqual(['*/10', '*', '*', '*', '*']);
  expect(user).toBe('firewatch');
  expect(command.join(' ')).toMatch(/flock -n \S+ node --import tsx probe\/main\.ts 2>&1 \| logger -t firewatch-probe$/);
  expect(command.join(' '), "flock must not take the probe's own lock file").not.toContain('reports/probe/');

  const service = await readFile(path.join(DEPLOY, 'systemd', 'firewatch-probe.service'), 'utf8');
  const timer = await readFile(path.join(DEPLOY, 'systemd', 'firewatch-probe.timer'), 'utf8');
  expect(service).toMatch(/^Type=oneshot$/m);
  expect(service).toMatch(/^ExecStart=\/usr\/bin\/node --import tsx probe\/main\.ts$/m);
  expect(service).toMatch(/^EnvironmentFile=\S+$/m);
  expect(timer).toMatch(/^OnCalendar=\*:0\/10$/m);
  expect(timer).toMatch(/^Unit=firewatch-probe\.service$/m);
  for (const secret of PROBE_SECRETS) {
    expect(cron, `cron names ${secret}`).toContain(secret);
    expect(service, `systemd names ${secret}`).toContain(secret);
  }
});

test('every shipped schedule delivers SIGTERM and SIGINT to the probe process itself, not to npm', async () => {
  const scripts = (JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  // npm passes a signal to the shell it runs the script in; `exec` makes that shell the probe.
  expect(scripts.probe).toBe('exec node --import tsx probe/main.ts');
  const dockerfile = await readFile(path.join(DEPLOY, 'kubernetes', 'Dockerfile'), 'utf8');
  expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
  expect(dockerfile).toMatch(/^CMD \["node", "--import", "tsx", "probe\/main\.ts"\]$/m);
  const cronJob = await readFile(path.join(DEPLOY, 'kubernetes', 'probe-cronjob.yaml'), 'utf8');
  expect(cronJob, 'the CronJob keeps the image entrypoint (tini) and runs node').toMatch(
    /^\s+args: \['node', '--import', 'tsx', 'probe\/main\.ts'\]$/m,
  );
  expect(cronJob).not.toMatch(/^\s+command:/m);
  const workflow = await readFile(path.join(ROOT, '.github', 'workflows', 'probe.yml'), 'utf8');
  expect(workflow, 'GitHub Actions cancels through npm run probe, whose script execs the probe').toMatch(/run: npm run probe$/m);
});
