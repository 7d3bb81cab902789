/**
 * How every request of the suite and the probe is marked as synthetic (README: Modes), so the target can tell it
 * from members: the browser, the suite's HTTP calls, the bench's floor script and the tests use the same marks.
 */

/** Appended to the User-Agent. */
export const PROBE_USER_AGENT_SUFFIX = 'firewatch-synthetic-probe/1.0';

/** The header set on every request, for pages and API calls alike. */
export const SYNTHETIC_HEADER = { 'X-Synthetic-Probe': 'firewatch' } as const;

/** Both marks, for calls made outside the browser (sign-in, health reads, seeding). */
export const SYNTHETIC_HEADERS: Readonly<Record<string, string>> = {
  'x-synthetic-probe': SYNTHETIC_HEADER['X-Synthetic-Probe'],
  'user-agent': `firewatch ${PROBE_USER_AGENT_SUFFIX}`,
};
