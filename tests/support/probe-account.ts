import { SeedClient, type SeededMember } from '../../seed/client';

/** The address the tests give the synthetic probe account (the portal stores it with the member). */
export const PROBE_ADDRESS = { street: 'Teststraße 1', postcode: '01067', town: 'Dresden' } as const;

/**
 * The portal's record of the synthetic probe account, through its test-data API: looking behind the suite's back at
 * what a probe run did to it. Member creation is idempotent by e-mail, so this finds the account the portal was
 * started with.
 */
export function probeMember(portalUrl: string, seedToken: string, account: { email: string; password: string }): Promise<SeededMember> {
  return new SeedClient(portalUrl, seedToken).createMember({ ...account, firstName: 'Probe', lastName: 'Synthetisch', ...PROBE_ADDRESS });
}
