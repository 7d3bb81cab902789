import { ConfigError, type Config } from '../config';
import { FAULTS, isFaultName } from '../portal/faults';

/**
 * Checks the faults asked of the bundled portal against its catalogue, before anything starts: an unknown name is a
 * configuration error (exit 2) naming the allowed ones, not a portal that silently runs healthy.
 */
export function checkPortalFaults(config: Pick<Config, 'bundledPortal' | 'portal'>): void {
  if (!config.bundledPortal) return;
  const unknown = config.portal.faults.filter((name) => !isFaultName(name));
  if (unknown.length === 0) return;
  throw new ConfigError(
    `Invalid firewatch configuration: PORTAL_FAULTS unknown fault; allowed: ${FAULTS.join(', ')} (got "${unknown.join(',')}"). Set it in the environment or in .env; .env.example lists every variable with its allowed values.`,
  );
}

/** The command that starts the bundled portal: Node with the tsx loader directly, no npx and no launcher process. */
export const BUNDLED_PORTAL_COMMAND = `${JSON.stringify(process.execPath)} --import tsx scripts/portal.ts`;
