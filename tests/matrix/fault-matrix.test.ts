import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, expect } from '@playwright/test';
import { FLOWS, PROMISES } from '../../flows';
import { readIncident, readSummary, type Effect } from '../../contract';
import { FAULTS } from '../../portal/faults';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/browser';
import { PLAYWRIGHT_CLI } from '../../scripts/suite';
import { processTest } from '../support/process-test';
import { nestedRunEnv, runCommand, startPortalInProcess } from '../support/processes';
import { startHostileProxy } from '../support/hostile-proxy';
import { startReceiver } from '../support/receiver';
import { EXPECTED_BROKEN, MATRIX_DIR, PROXY_SCENARIOS, type ProxyScenario, type Scenario } from './expected';

const SEED_TOKEN = 'matrix-seed-token';

const test = processTest;

/** Member login down: the checks that need a signed-in member are skipped as blocked by it, not failed one by one. */
function loginDown(errorClass: string) {
  return {
    root: 'member-login',
    affected: ['member-services', 'diesel-order'],
    title: /^\[SEV-1\] Member login is down/,
    errorClass,
    blocked: { 'member-services': 'member-login', 'diesel-order': 'member-login' },
  };
}

/** The instance down for members: availability the root, every other flow's checks skipped as blocked by it. */
function instanceDown(errorClass: string) {
  return {
    root: 'availability',
    affected: ['member-login', 'member-services', 'diesel-order', 'weather'],
    title: /^\[SEV-1\] Member portal is down/,
    errorClass,
    blocked: { 'member-login': 'availability', 'member-services': 'availability', 'diesel-order': 'availability', weather: 'availability' },
  };
}

/** The incidents the issue names: one root cause each, with its consequences listed, not repeated. */
const EXPECTED_INCIDENT: Partial<
  Record<
    Scenario,
    { root: string; affected: string[]; title: RegExp; errorClass: string; effect?: Effect; blocked?: Record<string, string> }
  >
> = {
  'login-error-message-missing': {
    root: 'member-login',
    affected: [],
    title: /^\[SEV-2\] Member login does not tell members why their sign-in failed: /,
    errorClass: 'element-missing',
    effect: 'degraded',
  },
  'diesel-server-accepts-invalid': {
    root: 'diesel-order',
    affected: [],
    title: /^\[SEV-2\] Diesel ordering accepts orders the rules forbid: /,
    errorClass: 'wrong-content',
    effect: 'degraded',
  },
  'diesel-double-order': {
    root: 'diesel-order',
    affected: [],
    title: /^\[SEV-1\] Diesel ordering stores or cancels the wrong orders: .*exactly one new order/,
    errorClass: 'wrong-content',
    effect: 'wrong',
  },
  'login-broken': loginDown('http-5xx'),
  'session-lost': loginDown('wrong-content'),
  'weather-stale': { root: 'weather', affected: [], title: /^\[SEV-2\] Weather service .*stale/, errorClass: 'stale-data' },
  'proxy-html-503': instanceDown('http-5xx'),
  'proxy-hostile': instanceDown('http-5xx'),
  'proxy-huge': instanceDown('http-5xx'),
  'proxy-redirect-login': { ...loginDown('unknown'), title: /^\[SEV-1\] Member login is down/ },
  'proxy-redirect-login-post': { ...loginDown('unknown'), title: /^\[SEV-1\] Member login is down/ },
  'instance-down': {
    root: 'availability',
    affected: ['member-login', 'member-services', 'diesel-order', 'weather'],
    title: /^\[SEV-1\] Member portal is down/,
    errorClass: 'http-5xx',
    // Every other flow's checks are skipped, blocked by the down instance (directly, or through the sign-in it blocks).
    blocked: { 'member-login': 'availability', 'member-services': 'availability', 'diesel-order': 'availability', weather: 'availability' },
  },
};

/**
 * Workers per scenario. The one whose checks wait (page budgets running out under a slow backend) gets several, so its
 * waits overlap; every other one gets one browser, since on a loopback portal one is as fast as two, and the
 * scenarios run side by side instead.
 */
const WORKERS: Partial<Record<Scenario, number>> = { 'slow-backend': 4 };
/** The waiting scenarios first, then those where most tests fail (each failed test ends its worker), then the rest. */
const FIRST: Scenario[] = ['slow-backend', 'session-lost', 'instance-down', 'login-broken'];
const SCENARIOS: Scenario[] = [
  ...FIRST,
  ...(['healthy', ...FAULTS, ...Object.keys(PROXY_SCENARIOS)] as Scenario[]).filter((scenario) => !FIRST.includes(scenario)),
];
const isProxy = (scenario: Scenario): scenario is ProxyScenario => scenario in PROXY_SCENARIOS;
// Control sequences a terminal acts on (window title, screen clear, clipboard): none may come through from the target.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TERMINAL_CONTROL = /\u001b\]|\u001b\[2J|\u0007/;

test('every fault of the catalogue turns exactly its flows red, and the healthy portal none', async () => {
  // One run of the critical suite with a project per scenario, each against its own portal, in this test's process.
  test.setTimeout(1_200_000);
  await rm(MATRIX_DIR, { recursive: true, force: true });
  await mkdir(MATRIX_DIR, { recursive: true });
  const portals = await Promise.all(
    SCENARIOS.map((scenario) =>
      startPortalInProcess({ seedToken: SEED_TOKEN, faults: scenario === 'healthy' || isProxy(scenario) ? [] : [scenario] }),
    ),
  );
  // A proxy's shapes are a healthy portal behind a proxy that answers for it; a sign-in it redirects goes to `elsewhere`.
  const elsewhere = await startReceiver();
  const proxies = await Promise.all(
    SCENARIOS.map((scenario, index) =>
      isProxy(scenario) ? startHostileProxy(portals[index]!.url, PROXY_SCENARIOS[scenario], elsewhere.url) : Promise.resolve(undefined),
    ),
  );
  // One browser for every worker of the run: each failed test ends its worker, and a new worker then needs no browser
  // start of its own. Contexts stay as isolated as in the suite's own runs.
  const { executablePath } = findChromium();
  const browser = await chromium.launchServer({ ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS });
  const membersAtStart = portals.map((portal) => portal.memberCount());
  let membersLeft: number[] = [];
  let run;
  try {
    // Each scenario's reports go to its own folder (scenario-reporter.ts), not to FIREWATCH_REPORTS_DIR.
    const own = nestedRunEnv();
    delete own.FIREWATCH_REPORTS_DIR;
    run = await runCommand(
      process.execPath,
      [PLAYWRIGHT_CLI, 'test', '-c', 'tests/matrix/matrix.config.ts', `--workers=${process.env.MATRIX_RUN_WORKERS ?? 8}`],
      {
        ...own,
        FORCE_COLOR: '0',
        CI: '',
        BASE_URL: portals[SCENARIOS.indexOf('healthy')]!.url,
        TARGET_ENV: 'local',
        SEED_TOKEN,
        MATRIX_TARGETS: JSON.stringify(
          SCENARIOS.map((scenario, index) => ({ scenario, url: (proxies[index] ?? portals[index]!).url, workers: WORKERS[scenario] ?? 1 })),
        ),
        MATRIX_BROWSER: browser.wsEndpoint(),
      },
    );
    membersLeft = portals.map((portal, index) => portal.memberCount() - membersAtStart[index]!);
  } finally {
    await Promise.all([
      browser.close(),
      elsewhere.close(),
      ...proxies.flatMap((proxy) => (proxy ? [proxy.stop()] : [])),
      ...portals.map((portal) => portal.stop()),
    ]);
  }
  // The whole run's output, for a look at what each scenario did and how long each check took.
  await writeFile(path.join(MATRIX_DIR, 'run.log'), run.output);
  const output = run.output.slice(-6000);
  expect.soft(run.output, 'no terminal control sequence from a target reaches the terminal').not.toMatch(TERMINAL_CONTROL);
  // Credentials stay at home: the origin the redirect shapes send the sign-in to never receives a password.
  expect
    .soft(
      elsewhere.received.filter((request) => /password|passwort/i.test(request.raw)),
      'passwords sent elsewhere',
    )
    .toEqual([]);

  for (const scenario of SCENARIOS) {
    await test.step(scenario, async () => {
      const reportsDir = path.join(MATRIX_DIR, scenario);
      const summary = await readSummary(reportsDir);
      const status = new Map(summary.flows.map((flow) => [flow.id, flow]));
      const row = Object.fromEntries(FLOWS.map((flow) => [flow.id, status.get(flow.id) ?? { id: flow.id, status: 'missing' }]));
      await writeFile(path.join(MATRIX_DIR, `${scenario}.row.json`), JSON.stringify({ scenario, flows: row }));

      const broken = FLOWS.map((flow) => flow.id).filter((id) => status.get(id)?.status !== 'passed');
      expect.soft(broken, `flows red under "${scenario}"; matrix run output:\n${output}`).toEqual(EXPECTED_BROKEN[scenario]);
      expect.soft(summary.verdict, `verdict under "${scenario}"`).toBe(EXPECTED_BROKEN[scenario].length ? 'failed' : 'passed');
      // Whatever broke, the run cleans up: every member it seeded (and with it their orders) is gone from the target.
      expect.soft(membersLeft[SCENARIOS.indexOf(scenario)], `members left on the portal under "${scenario}"`).toBe(0);
      const report = await readIncident(reportsDir);
      if (!EXPECTED_BROKEN[scenario].length) {
        expect.soft(report, 'a healthy run writes no incident').toBeUndefined();
        return;
      }
      if (!report) {
        expect.soft(report, `"${scenario}" broke flows but wrote no incident report in ${reportsDir}/incident`).toBeDefined();
        return;
      }
      const { incident, markdown } = report;
      if (isProxy(scenario)) {
        // Everything the target sent is untrusted: escaped for Markdown, printable, and capped.
        expect.soft(markdown, `INCIDENT.md under "${scenario}": no raw HTML from the target`).not.toMatch(/<script|<img /i);
        expect.soft(markdown, `INCIDENT.md under "${scenario}": no headings of the target's`).not.toMatch(/^#+ Fake heading/m);
        expect.soft(JSON.stringify(incident), `incident.json under "${scenario}": printable`).not.toMatch(/\\u001b|\\u0007/);
        expect.soft(markdown.length, `INCIDENT.md under "${scenario}": capped`).toBeLessThan(200_000);
      }
      const expected = EXPECTED_INCIDENT[scenario];
      if (!expected) return;
      expect
        .soft(
          incident.rootCauses.map((cause) => cause.flowId),
          `root causes under "${scenario}"`,
        )
        .toEqual([expected.root]);
      expect.soft(incident.rootCauses[0]?.affected.sort(), `affected flows under "${scenario}"`).toEqual([...expected.affected].sort());
      expect.soft(incident.title).toMatch(expected.title);
      expect
        .soft(summary.flows.find((flow) => flow.id === expected.root)?.errorClass, `error class under "${scenario}"`)
        .toBe(expected.errorClass);
      if (expected.effect) expect.soft(incident.rootCauses[0]?.effect, 'the effect the failing test declared').toBe(expected.effect);
      if (expected.blocked) {
        const blocked = Object.fromEntries(
          summary.flows.filter((flow) => flow.status === 'skipped').map((flow) => [flow.id, flow.blockedBy]),
        );
        expect.soft(blocked, `flows skipped as blocked under "${scenario}"`).toEqual(expected.blocked);
      }
      expect.soft(markdown).toContain(incident.title);
      expect.soft(markdown).toContain(`npm run smoke -- --grep @flow-${expected.root}`);
    });
  }

  await test.step("every fault named as a promise's proof is caught by one of that promise's checks", async () => {
    const uncaught: string[] = [];
    for (const promise of PROMISES) {
      for (const proof of promise.proofs) {
        if (!('fault' in proof)) continue;
        const report = await readIncident(path.join(MATRIX_DIR, proof.fault));
        const failing = (report?.incident.flows ?? []).flatMap((flow) =>
          flow.tests.filter((check) => check.outcome === 'unexpected').map((check) => check.title),
        );
        const caught = promise.checks.some((check) => failing.some((title) => title === check || title.endsWith(` › ${check}`)));
        if (!caught)
          uncaught.push(`${promise.id}: under "${proof.fault}" none of its checks failed (failed: ${failing.join('; ') || 'none'})`);
      }
    }
    expect.soft(uncaught).toEqual([]);
  });
});
