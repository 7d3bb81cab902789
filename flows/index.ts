import { parseRegistry, type Flow } from './schema';

export { SEVERITIES, type Flow, type Severity } from './schema';
export {
  findPromise,
  PROMISE_CATEGORIES,
  PROMISE_EFFECTS,
  PROMISES,
  promisesOfCheck,
  type MemberPromise,
  type MutantRef,
  type PromiseId,
} from './promises';

const RUNBOOKS = 'https://runbooks.elbtal-agrar.de/portal';

/**
 * The critical-flow registry: the only place that knows what a flow means to the business.
 * Tests link to an entry with the tag `@flow-<id>`.
 */
export const FLOWS: readonly Flow[] = parseRegistry([
  {
    id: 'availability',
    title: 'Portal is up and answers in time',
    capability: 'Member portal',
    impact: 'Nobody can reach the member portal: no weather, no member services, no diesel orders.',
    severity: 'SEV-1',
    effectSeverity: { wrong: 'SEV-2', degraded: 'SEV-2' },
    owner: 'Platform operations',
    runbook: `${RUNBOOKS}/availability`,
    dependsOn: [],
    statusMessage:
      'Our member portal is currently unavailable. We are working on it and will post an update within 30 minutes. Orders can be placed by phone in the meantime.',
    members: {
      name: 'Portal',
      down: 'Das Mitgliederportal ist zurzeit nicht erreichbar. Wir arbeiten mit Hochdruck an der Behebung. Bestellungen nehmen wir in der Zwischenzeit gern telefonisch in Ihrer Geschäftsstelle entgegen.',
      degraded:
        'Das Mitgliederportal reagiert zurzeit langsamer als gewohnt. Alle Funktionen stehen zur Verfügung; wir arbeiten an der Behebung.',
      wrong: 'Das Mitgliederportal zeigt zurzeit teilweise veraltete oder fehlerhafte Angaben. Wir arbeiten an der Behebung.',
    },
  },
  {
    id: 'member-login',
    title: 'Members can sign in and reach member services',
    capability: 'Member login',
    impact: 'Members cannot sign in, so they cannot reach member services or order diesel.',
    severity: 'SEV-1',
    effectSeverity: { wrong: 'SEV-1', degraded: 'SEV-2' },
    owner: 'Portal team',
    runbook: `${RUNBOOKS}/member-login`,
    dependsOn: ['availability'],
    statusMessage:
      'Members currently cannot sign in to the member portal. We are working on a fix; the weather page remains available. Next update within 30 minutes.',
    members: {
      name: 'Anmeldung',
      down: 'Die Anmeldung zum Mitgliederportal ist zurzeit nicht möglich. Die Wetterseite bleibt erreichbar. Wir arbeiten an der Behebung.',
      degraded: 'Die Anmeldung dauert zurzeit länger als gewohnt. Bitte haben Sie etwas Geduld; wir arbeiten an der Behebung.',
      wrong: 'Bei der Anmeldung kommt es zurzeit zu Fehlern. Ihre Daten sind sicher; wir arbeiten an der Behebung.',
    },
  },
  {
    id: 'member-services',
    title: 'Member services show the member, the services and the orders',
    capability: 'Member services',
    impact: 'Signed-in members do not see their services or their orders.',
    severity: 'SEV-2',
    effectSeverity: { wrong: 'SEV-1', degraded: 'SEV-3' },
    owner: 'Portal team',
    runbook: `${RUNBOOKS}/member-services`,
    dependsOn: ['member-login'],
    statusMessage:
      'The member services page is currently incomplete: some services or orders may not be shown. Your data is safe; we are working on a fix.',
    members: {
      name: 'Mitgliederbereich',
      down: 'Der Mitgliederbereich ist zurzeit nicht erreichbar. Ihre Daten und Bestellungen sind sicher; wir arbeiten an der Behebung.',
      degraded:
        'Im Mitgliederbereich werden zurzeit nicht alle Leistungen oder Bestellungen angezeigt. Ihre Daten sind sicher; wir arbeiten an der Behebung.',
      wrong:
        'Im Mitgliederbereich werden zurzeit teilweise falsche Angaben angezeigt. Ihre gespeicherten Daten sind davon nicht betroffen; wir arbeiten an der Behebung.',
    },
  },
  {
    id: 'diesel-order',
    title: 'Members can get a quote and order diesel',
    capability: 'Diesel ordering',
    impact: 'Members cannot order diesel, heating oil or AdBlue online; farms may run short of fuel.',
    severity: 'SEV-1',
    effectSeverity: { wrong: 'SEV-1', degraded: 'SEV-2' },
    owner: 'Diesel & energy team',
    runbook: `${RUNBOOKS}/diesel-order`,
    dependsOn: ['member-login'],
    statusMessage:
      'Online diesel ordering is currently unavailable. Please order by phone with your cooperative office; we will post an update within 30 minutes.',
    members: {
      name: 'Dieselbestellung',
      down: 'Diesel, Heizöl und AdBlue können zurzeit nicht online bestellt werden. Bitte bestellen Sie telefonisch in Ihrer Geschäftsstelle.',
      degraded:
        'Die Online-Bestellung von Diesel, Heizöl und AdBlue ist zurzeit eingeschränkt. Bei Problemen bestellen Sie bitte telefonisch in Ihrer Geschäftsstelle.',
      wrong:
        'Bei der Online-Bestellung werden zurzeit möglicherweise falsche Preise oder Angaben angezeigt. Bitte bestellen Sie bis auf Weiteres telefonisch in Ihrer Geschäftsstelle.',
    },
  },
  {
    id: 'weather',
    title: 'Weather page is available, fresh and plausible',
    capability: 'Weather service',
    impact: 'Members see no weather, or outdated or wrong weather, and may plan field work on it.',
    severity: 'SEV-2',
    effectSeverity: { wrong: 'SEV-2', degraded: 'SEV-3' },
    owner: 'Weather data team',
    runbook: `${RUNBOOKS}/weather`,
    dependsOn: ['availability'],
    statusMessage: 'The weather page currently shows no or outdated data. Please do not plan field work on it until we post an update.',
    members: {
      name: 'Wetter',
      down: 'Die Wetterseite ist zurzeit nicht verfügbar. Wir arbeiten an der Behebung.',
      degraded: 'Die Wetterseite zeigt zurzeit nicht alle Angaben. Wir arbeiten an der Behebung.',
      wrong: 'Die Wetterseite zeigt zurzeit veraltete oder unplausible Werte. Bitte planen Sie Feldarbeiten bis auf Weiteres nicht danach.',
    },
  },
]);

const byId = new Map(FLOWS.map((flow) => [flow.id, flow]));

/** The registry entry for an id; throws naming the known ids when there is none. */
export function getFlow(id: string): Flow {
  const flow = byId.get(id);
  if (!flow) throw new Error(`Unknown flow "${id}"; the registry knows: ${FLOWS.map((f) => f.id).join(', ')}.`);
  return flow;
}

/** The flow id named by a test's tags (`@flow-<id>`), if any. */
export function flowIdFromTags(tags: readonly string[]): string | undefined {
  for (const tag of tags) {
    const match = /^@flow-(.+)$/.exec(tag);
    if (match?.[1] && byId.has(match[1])) return match[1];
  }
  return undefined;
}

/** Every flow `id` depends on, directly or through others, nearest first. */
export function dependenciesOf(id: string, flows: readonly Flow[] = FLOWS): string[] {
  const byId = new Map(flows.map((flow) => [flow.id, flow]));
  const seen: string[] = [];
  const queue = [...(byId.get(id)?.dependsOn ?? [])];
  while (queue.length > 0) {
    const next = queue.shift() as string;
    if (seen.includes(next)) continue;
    seen.push(next);
    queue.push(...(byId.get(next)?.dependsOn ?? []));
  }
  return seen;
}
