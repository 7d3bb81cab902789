/**
 * Variables whose values are secrets (the README's "Configuration" section): never echoed in messages, scrubbed from every artifact,
 * never in a log line, history line or alert.
 */
export const SECRET_VARIABLES = [
  'PROBE_PASSWORD',
  'SEED_TOKEN',
  'SLACK_WEBHOOK_URL',
  'PAGERDUTY_ROUTING_KEY',
  'WEBHOOK_URL',
  'WEBHOOK_SECRET',
  // A heartbeat URL holds its check's token: whoever has it can report the probe alive.
  'PROBE_HEARTBEAT_URL',
] as const;

/** Shortest value treated as a secret; shorter ones would match ordinary text everywhere. */
export const MIN_SECRET_LENGTH = 4;

/** The secret values set in an environment, for scrubbers. */
export function secretValues(env: Record<string, string | undefined>): string[] {
  return SECRET_VARIABLES.map((name) => env[name]).filter(
    (value): value is string => typeof value === 'string' && value.length >= MIN_SECRET_LENGTH,
  );
}
