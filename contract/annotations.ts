/**
 * What fixtures tell the incident reporter about a test, beside its pass or fail: the tags and annotations both
 * sides read. The README's "What it checks" section describes their meaning.
 */

/** A test's failure means its capability works but something members rely on is wrong or missing, not `down`. */
export const DEGRADED_TAG = '@degraded';

/**
 * Annotation type a fixture adds, with a flow id as description, before it skips a check because that flow failed
 * for it (the instance is down: `availability`; the worker's member could not sign in: `member-login`). The skip's own
 * annotation carries the reason.
 */
export const BLOCKED_BY_ANNOTATION = 'blocked-by';

/** Annotation type a fixture adds, describing what it left behind, when its clean-up failed. */
export const CLEANUP_FAILED_ANNOTATION = 'cleanup-failed';

/**
 * Annotation type the order clean-up adds, describing the orders an earlier (crashed) run left open that it cancelled:
 * the reporter makes it a `leftover-cancelled` warning, and the probe a history line.
 */
export const LEFTOVER_CANCELLED_ANNOTATION = 'leftover-cancelled';

/**
 * Prefix of a line a worker-level clean-up writes to stderr when it left data behind (no test is running to carry
 * an annotation then); the incident reporter turns each such line into a `cleanup-failed` warning.
 */
export const CLEANUP_FAILED_MARKER = 'firewatch cleanup-failed: ';

/**
 * Annotation type a check adds, with a promise id of the catalogue (flows/promises.ts) as description, when an
 * assertion inside that promise's step failed: the incident names the broken promise and takes its effect.
 */
export const BROKEN_PROMISE_ANNOTATION = 'broken-promise';
