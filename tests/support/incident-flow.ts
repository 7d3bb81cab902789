import type { Incident } from '../../contract';
import { FLOWS } from '../../flows';

/**
 * What an incident says of a flow from the registry (as incident/build.ts copies it): the start of an incident flow
 * entry for tests that build incidents by hand.
 */
export function registryWords(
  id: string,
): Pick<Incident['flows'][number], 'id' | 'title' | 'capability' | 'severity' | 'owner' | 'runbook' | 'impact' | 'statusMessage'> {
  const flow = FLOWS.find((entry) => entry.id === id);
  if (!flow) throw new Error(`No flow ${id} in the registry`);
  const { title, capability, severity, owner, runbook, impact, statusMessage } = flow;
  return { id, title, capability, severity, owner, runbook, impact, statusMessage };
}
