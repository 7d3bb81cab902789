import { truncate, type FailureClass, type GuardReport } from '../contract';
import type { Flow, Severity } from '../flows';

/** 4xx answers that checks provoke on purpose: refused credentials, a forged token, another's order, a forbidden order, a lock. */
const EXPECTED_REFUSALS = [401, 403, 404, 409, 422, 423];

/** What the failure looks like to a member, for the incident title ("members cannot sign in: server error 503"). */
export function failurePhrase(failureClass: FailureClass | null, step: string | null, guard?: GuardReport): string {
  // Playwright's own assertion step titles ('Expect "toHaveURL"') say nothing a member would recognise.
  const at = step && !/^Expect "/.test(step) ? ` at “${truncate(step, 80)}”` : '';
  const server = guard?.serverErrors.find((error) => error.status >= 500);
  // A request the target refused explains a wait that followed it better than the wait does; the refusals checks
  // provoke on purpose (wrong credentials, a forged token, another member's order, a forbidden order) are not errors.
  const refused = guard?.clientErrors.filter((error) => !EXPECTED_REFUSALS.includes(error.status)).at(-1);
  const refusal = refused ? `the portal answered ${refused.status} on ${refused.method} ${pathOf(refused.url)}, then ` : '';
  switch (failureClass) {
    case 'target-unreachable':
      return 'the portal does not answer (connection failed)';
    case 'http-5xx':
      return server ? `server error ${server.status} on ${server.method} ${pathOf(server.url)}${at}` : `server error (HTTP 5xx)${at}`;
    case 'slow-timeout':
      return refused ? `${refusal}timed out${at}` : `too slow: timed out${at}`;
    case 'element-missing':
      return `${refusal}page is missing what members need${at}`;
    case 'wrong-content':
      return `page shows wrong content${at}`;
    case 'page-script-error':
      return `page script error${at}`;
    case 'stale-data':
      return 'data shown is stale';
    default:
      return `${refusal}check failed${at}`;
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** What the operations lead checks first for a failure class. */
const OPERATIONS_HINT: Record<FailureClass, string> = {
  'target-unreachable':
    'Check that the portal instance is running and reachable (hosting status, DNS, load balancer, TLS); restart or fail over if it is down.',
  'http-5xx': 'Read the server logs for the 5xx responses listed under Evidence; check the database and the services behind them.',
  'slow-timeout': 'Check response times and load on the portal and its database; look for a long-running job or a saturated backend.',
  'element-missing':
    'Compare the page with the last deploy: a missing field or button usually means a release or feature flag changed it; consider a rollback.',
  'wrong-content':
    'Compare what the page shows with the expected value under Affected flows; check recent data or pricing changes and the last deploy.',
  'page-script-error':
    'Open the trace and read the page errors under Evidence; a front-end release is the usual cause; consider a rollback.',
  'stale-data': 'Check the weather data import: last successful run, the upstream provider, and the job scheduler.',
  unknown: 'Open the trace and the error under Affected flows; decide whether the portal or the check is at fault.',
};

/** First actions for each incident role, for the flows that are root causes. */
export function roleActions(roots: readonly { flow: Flow; failureClass: FailureClass | null }[], severity: Severity) {
  const owners = [...new Set(roots.map((root) => root.flow.owner))].join(', ');
  const capabilities = roots.map((root) => root.flow.capability).join(' and ');
  return {
    coordinator: [
      `Declare a ${severity} incident for ${capabilities} in the incident channel and take the coordinator role until handed over.`,
      `Page the owning team (${owners}) and name one operations lead and one communications lead.`,
      'Set the next update time (30 minutes for SEV-1/SEV-2) and keep the timeline below current.',
    ],
    operations: [
      ...roots.map((root) => `${root.flow.capability}: follow the runbook ${root.flow.runbook}.`),
      ...[...new Set(roots.map((root) => OPERATIONS_HINT[root.failureClass ?? 'unknown']))],
      'Confirm by re-running the reproduce command below; note what changed (deploy, config, data) in the timeline.',
    ],
    communications: [
      'Post the draft status message below on the member status page and send it to the cooperative offices.',
      'Tell phone support and the cooperative offices which services are affected, so they can take orders by phone.',
      'Post an update at every agreed interval, even when nothing changed; announce the all-clear when the smoke run is green again.',
    ],
  };
}
