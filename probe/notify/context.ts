import type { Config } from '../../config';
import { stripControl, SYNTHETIC_HEADERS, truncate } from '../../contract';
import type { Alert } from '../lifecycle';
import type { AlertContext } from './text';

/** Long enough for a healthy /healthz, short enough that an outage's hanging one delays no alert noticeably. */
const HEALTH_TIMEOUT_MS = 3_000;

/**
 * The version the target says it runs (`version` in /healthz), read once, marked as synthetic traffic; undefined when
 * it does not answer in time or names none (the instance is down, the endpoint has no such field).
 */
export async function deployedVersion(target: string): Promise<string | undefined> {
  try {
    const response = await fetch(new URL('/healthz', target), {
      headers: SYNTHETIC_HEADERS,
      redirect: 'error',
      signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
    });
    // A down instance still says its version in its 503 body.
    const body = (await response.json()) as { version?: unknown };
    return typeof body.version === 'string' && body.version.trim() ? truncate(stripControl(body.version.trim()), 80) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What the probe's alerts are rendered with: REPORT_BASE_URL, TEAM_TIME_ZONE, CI_RUN_URL, and for a trigger the
 * deployed version (/healthz's `version`, else DEPLOY_ID). Never a path on the probe's host.
 */
export async function alertContext(
  config: Pick<Config, 'reportBaseUrl' | 'timeZone' | 'baseURL' | 'build'>,
  alerts: readonly Alert[] = [],
  readVersion: (target: string) => Promise<string | undefined> = deployedVersion,
): Promise<AlertContext> {
  const version = alerts.some((alert) => alert.kind === 'trigger')
    ? ((await readVersion(config.baseURL)) ?? config.build.deployId)
    : undefined;
  return {
    timeZone: config.timeZone,
    ...(config.reportBaseUrl ? { reportBaseUrl: config.reportBaseUrl } : {}),
    ...(config.build.ciRunUrl ? { ciRunUrl: config.build.ciRunUrl } : {}),
    ...(version ? { version } : {}),
  };
}
