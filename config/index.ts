import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { secretValues, SECRET_VARIABLES } from '../contract';

/**
 * The documented local seeding token: the bundled portal uses it in development mode when SEED_TOKEN is unset,
 * and the suite uses it for a loopback BASE_URL without SEED_TOKEN (portal in one terminal, smoke in another).
 */
export const BUNDLED_PORTAL_SEED_TOKEN = 'firewatch-bundled-portal-token';

/** Whether a URL points at this machine (localhost, 127.0.0.0/8, ::1): a portal a developer started locally. */
export function isLoopbackUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Whether Intl knows the zone (IANA names such as Europe/Berlin, and UTC). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** Fault names for the bundled portal; the harness that starts it checks them against the portal's catalogue. */
const faultList = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean)
      : [],
  z.array(z.string().regex(/^[a-z0-9-]+$/, 'must be comma-separated fault names such as login-broken,weather-stale')),
);

/**
 * Where alerts go: https only, so an alert (and the signature or routing key it carries) never crosses the network in
 * clear text; plain http only to this machine, for tests with local receivers. Checked here, not at alert time, when a
 * wrong scheme (file:, mailto:, htps:) would leave every alert spooled for good.
 */
const isSafeAlertUrl = (url: URL) => url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url.href));

const alertUrl = (example: string) =>
  z.url({ error: `must be a URL such as ${example}` }).refine((value) => !URL.canParse(value) || isSafeAlertUrl(new URL(value)), {
    error: `must be an https URL such as ${example} (plain http only to this machine, for tests)`,
  });

export const environmentSchema = z
  .object({
    BASE_URL: optional(
      z
        .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://portal.example.org' })
        .refine((value) => !URL.canParse(value) || (!new URL(value).username && !new URL(value).password), {
          error:
            'must not carry a user name or password (https://user:pass@host): they would reach every report, metric and alert; give the probe account in PROBE_EMAIL and PROBE_PASSWORD',
        }),
    ),
    TARGET_ENV: z.preprocess(
      blankToUndefined,
      z.enum(['local', 'staging', 'production'], { error: 'must be one of: local, staging, production' }).default('local'),
    ),
    PROBE_EMAIL: optional(z.email({ error: 'must be an e-mail address' })),
    PROBE_PASSWORD: optional(z.string()),
    SEED_TOKEN: optional(z.string()),
    SEED: z.preprocess(
      blankToUndefined,
      z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').default(20261123),
    ),
    KEEP_TEST_DATA: z.preprocess(blankToUndefined, z.stringbool({ error: 'must be true or false' }).default(false)),
    SLACK_WEBHOOK_URL: optional(alertUrl('https://hooks.slack.com/services/…')),
    PAGERDUTY_ROUTING_KEY: optional(
      z.string().regex(/^[A-Za-z0-9]{32}$/, 'must be the 32-character integration key of an Events API v2 integration'),
    ),
    PAGERDUTY_EVENTS_URL: z.preprocess(
      blankToUndefined,
      alertUrl('https://events.pagerduty.com/v2/enqueue').default('https://events.pagerduty.com/v2/enqueue'),
    ),
    WEBHOOK_URL: optional(alertUrl('https://alerts.example.org/firewatch')),
    CHROMIUM_PATH: optional(z.string()),
    GIT_SHA: optional(z.string()),
    DEPLOY_ID: optional(z.string()),
    CI_RUN_URL: optional(z.url({ error: 'must be a URL' })),
    PORTAL_PORT: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: 'must be a port number' })
        .int('must be a port number')
        .min(1, 'must be between 1 and 65535')
        .max(65535, 'must be between 1 and 65535')
        .default(3000),
    ),
    PORTAL_FAULTS: faultList,
    FIREWATCH_REPORTS_DIR: z.preprocess(blankToUndefined, z.string().default('reports')),
    PROBE_CONFIRM_RUNS: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: 'must be a whole number of at least 1' })
        .int('must be a whole number of at least 1')
        .min(1, 'must be at least 1')
        .default(2),
    ),
    PROBE_RENOTIFY_MINUTES: optional(
      z.coerce.number({ error: 'must be a number of minutes greater than 0' }).positive('must be a number of minutes greater than 0'),
    ),
    PROBE_MAINTENANCE_UNTIL: optional(
      z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with a zone, e.g. 2026-11-24T06:00:00+01:00' }),
    ),
    PROBE_LOCATION: optional(z.string().max(100, 'must be at most 100 characters')),
    WEBHOOK_SECRET: optional(z.string().min(16, 'must be at least 16 characters (it signs every webhook POST)')),
    PROBE_HEARTBEAT_URL: optional(alertUrl('https://hc-ping.com/<uuid>')),
    REPORT_BASE_URL: optional(
      z
        .url({
          protocol: /^https?$/,
          error: 'must be the https URL where the reports folder is published, such as https://ops.example.org/firewatch/',
        })
        .refine((value) => !URL.canParse(value) || isSafeAlertUrl(new URL(value)), {
          error: 'must be an https URL (plain http only to this machine, for tests): responders open it on their phones',
        })
        .refine((value) => !URL.canParse(value) || (!new URL(value).username && !new URL(value).password), {
          error: 'must not carry a user name or password: it is sent in every alert',
        }),
    ),
    TEAM_TIME_ZONE: z.preprocess(
      blankToUndefined,
      z.string().refine(isTimeZone, { error: 'must be an IANA time zone such as Europe/Berlin or UTC' }).default('Europe/Berlin'),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.TARGET_ENV !== 'production') {
      // An unparsable BASE_URL has its own issue already; only a valid remote one needs a token.
      if (env.BASE_URL && URL.canParse(env.BASE_URL) && !env.SEED_TOKEN && !isLoopbackUrl(env.BASE_URL)) {
        ctx.addIssue({
          code: 'custom',
          path: ['SEED_TOKEN'],
          message: `is required when BASE_URL points at a remote portal with TARGET_ENV=${env.TARGET_ENV}: the suite seeds its members through the target's test-data API (set the target's test-data token, or TARGET_ENV=production for the probe-safe subset)`,
        });
      }
      return;
    }
    if (!env.BASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['BASE_URL'],
        message: 'is required when TARGET_ENV=production (the probe never starts the bundled portal)',
      });
    }
    if (!env.PROBE_EMAIL || !env.PROBE_PASSWORD) {
      ctx.addIssue({
        code: 'custom',
        path: [env.PROBE_EMAIL ? 'PROBE_PASSWORD' : 'PROBE_EMAIL'],
        message: 'is required when TARGET_ENV=production: probes sign in only with the synthetic probe account',
      });
    }
  });

export interface Config {
  /** Where the suite points; the bundled portal's URL when BASE_URL is unset. */
  readonly baseURL: string;
  /** True when the suite starts the bundled portal itself. */
  readonly bundledPortal: boolean;
  readonly targetEnv: 'local' | 'staging' | 'production';
  readonly production: boolean;
  readonly probeAccount?: { readonly email: string; readonly password: string };
  readonly seedToken?: string;
  readonly seed: number;
  /** Keep a failed test's seeded data for inspection instead of deleting it. */
  readonly keepTestData: boolean;
  readonly alerts: {
    readonly slackWebhookUrl?: string;
    readonly pagerDutyRoutingKey?: string;
    readonly pagerDutyEventsUrl: string;
    readonly webhookUrl?: string;
  };
  readonly chromiumPath?: string;
  readonly build: { readonly gitSha?: string; readonly deployId?: string; readonly ciRunUrl?: string };
  readonly portal: { readonly port: number; readonly faults: readonly string[] };
  readonly reportsDir: string;
  /** Scheduled probes (`npm run probe`): confirmation, re-notification, maintenance, where the probe runs. */
  readonly probe: {
    readonly confirmRuns: number;
    readonly renotifyMinutes?: number;
    readonly maintenanceUntil?: string;
    readonly location: string;
    readonly webhookSecret?: string;
    /** Pinged after every judged run: a dead man's switch outside the probe (Healthchecks-style, Cronitor, Checkly). */
    readonly heartbeatUrl?: string;
  };
  /**
   * Where the reports folder is published (a static host, a bucket, the CI artifact), with a trailing slash: alerts link
   * under it and nowhere else. Unset: alerts carry no link to a report.
   */
  readonly reportBaseUrl?: string;
  /** The team's IANA time zone (TEAM_TIME_ZONE, default Europe/Berlin): alert times, post-mortem timelines, the review. */
  readonly timeZone: string;
  /** Values that must never reach an artifact (probe password, tokens, webhook URLs). */
  readonly secrets: readonly string[];
}

/** A configuration problem a person can fix; `message` is one paragraph naming the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function describeIssues(error: z.ZodError, source: Record<string, string | undefined>): string {
  const lines = error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? 'environment');
    const raw = source[variable];
    const shown =
      raw === undefined || raw === ''
        ? ' (not set)'
        : (SECRET_VARIABLES as readonly string[]).includes(variable)
          ? ''
          : ` (got "${withoutCredentials(raw.length > 80 ? `${raw.slice(0, 80)}…` : raw)}")`;
    return `${variable} ${issue.message}${shown}.`;
  });
  return `Invalid firewatch configuration: ${lines.join(' ')} Set it in the environment or in .env; .env.example lists every variable with its allowed values.`;
}

/** A value as a message may show it: a URL's user name and password replaced, so a refused BASE_URL never echoes them. */
export function withoutCredentials(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1***@');
}

/**
 * What dotenv would read only in part, said with its line number: a line that is not `NAME=value` (dotenv drops it
 * silently), or a quote that never closes (dotenv then reads the rest of the file as one value). Undefined when the file
 * reads whole.
 */
export function dotenvProblem(text: string, file = '.env'): string | undefined {
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (/^\s*(#|$)/.test(line)) continue;
    const assignment = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*)$/.exec(line);
    if (!assignment) {
      return `${file} line ${index + 1} is not NAME=value, so it would be ignored: "${withoutCredentials(line.trim().slice(0, 60))}". Add the "=" or comment the line out with "#".`;
    }
    const [, name = '', value = ''] = assignment;
    const quote = /^["'`]/.exec(value)?.[0];
    if (!quote || value.slice(1).includes(quote)) continue;
    // A quoted value may span lines up to its closing quote (dotenv's multi-line values).
    const closing = lines.findIndex((later, at) => at > index && later.includes(quote));
    if (closing === -1) {
      return `${file} line ${index + 1}: the value of ${name} opens a ${quote} quote that never closes, so every line after it would be read as part of ${name}. Close the quote.`;
    }
    index = closing;
  }
  return undefined;
}

/** Parses an environment (default: .env merged under process.env) into a frozen Config; throws ConfigError. */
export function parseConfig(source: Record<string, string | undefined>): Config {
  const result = environmentSchema.safeParse(source);
  if (!result.success) throw new ConfigError(describeIssues(result.error, source));
  const env = result.data;
  const bundledPortal = env.BASE_URL === undefined;
  const localTarget = bundledPortal || isLoopbackUrl(env.BASE_URL as string);
  const seedToken = env.SEED_TOKEN ?? (localTarget ? BUNDLED_PORTAL_SEED_TOKEN : undefined);
  const secrets = [...new Set([...secretValues(source), ...secretValues({ SEED_TOKEN: seedToken })])];
  const config: Config = {
    baseURL: (env.BASE_URL ?? `http://127.0.0.1:${env.PORTAL_PORT}`).replace(/\/+$/, ''),
    bundledPortal,
    targetEnv: env.TARGET_ENV,
    production: env.TARGET_ENV === 'production',
    ...(env.PROBE_EMAIL && env.PROBE_PASSWORD
      ? { probeAccount: Object.freeze({ email: env.PROBE_EMAIL, password: env.PROBE_PASSWORD }) }
      : {}),
    ...(seedToken && env.TARGET_ENV !== 'production' ? { seedToken } : {}),
    seed: env.SEED,
    keepTestData: env.KEEP_TEST_DATA,
    alerts: Object.freeze({
      slackWebhookUrl: env.SLACK_WEBHOOK_URL,
      pagerDutyRoutingKey: env.PAGERDUTY_ROUTING_KEY,
      pagerDutyEventsUrl: env.PAGERDUTY_EVENTS_URL,
      webhookUrl: env.WEBHOOK_URL,
    }),
    ...(env.CHROMIUM_PATH ? { chromiumPath: env.CHROMIUM_PATH } : {}),
    build: Object.freeze({ gitSha: env.GIT_SHA, deployId: env.DEPLOY_ID, ciRunUrl: env.CI_RUN_URL }),
    portal: Object.freeze({ port: env.PORTAL_PORT, faults: Object.freeze([...env.PORTAL_FAULTS]) }),
    reportsDir: path.resolve(env.FIREWATCH_REPORTS_DIR),
    probe: Object.freeze({
      confirmRuns: env.PROBE_CONFIRM_RUNS,
      ...(env.PROBE_RENOTIFY_MINUTES ? { renotifyMinutes: env.PROBE_RENOTIFY_MINUTES } : {}),
      ...(env.PROBE_MAINTENANCE_UNTIL ? { maintenanceUntil: new Date(env.PROBE_MAINTENANCE_UNTIL).toISOString() } : {}),
      location: env.PROBE_LOCATION ?? hostname(),
      ...(env.WEBHOOK_SECRET ? { webhookSecret: env.WEBHOOK_SECRET } : {}),
      ...(env.PROBE_HEARTBEAT_URL ? { heartbeatUrl: env.PROBE_HEARTBEAT_URL } : {}),
    }),
    ...(env.REPORT_BASE_URL ? { reportBaseUrl: env.REPORT_BASE_URL.replace(/\/*$/, '/') } : {}),
    timeZone: env.TEAM_TIME_ZONE,
    secrets: Object.freeze(secrets),
  };
  return Object.freeze(config);
}

let cached: Config | undefined;

/** The process's configuration: `.env` (never overriding the real environment) then zod, parsed once. */
export function getConfig(): Config {
  if (!cached) {
    const file = path.resolve('.env');
    const problem = existsSync(file) ? dotenvProblem(readFileSync(file, 'utf8')) : undefined;
    if (problem) throw new ConfigError(`Invalid firewatch configuration: ${problem}`);
    loadDotenv({ quiet: true, path: file });
    cached = parseConfig(process.env);
  }
  return cached;
}

/** For command-line entry points: the configuration, or the one-paragraph message and exit code 2. */
export function getConfigOrExit(): Config {
  try {
    return getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

/** What a run is set up to do, in one line without a secret: the gate and the probe print it when they start. */
export function describeConfig(config: Config): string {
  const channels = [
    config.alerts.slackWebhookUrl ? 'Slack' : '',
    config.alerts.pagerDutyRoutingKey ? 'PagerDuty' : '',
    config.alerts.webhookUrl ? 'webhook' : '',
  ].filter(Boolean);
  const target = config.bundledPortal ? `the bundled portal at ${config.baseURL}` : config.baseURL;
  const account = config.probeAccount ? `, probe account ${config.probeAccount.email}` : '';
  const reports = path.relative(process.cwd(), config.reportsDir) || '.';
  return `firewatch: ${target} (${config.targetEnv})${account}, alerts to ${channels.join(', ') || 'no channel (reports only)'}, location ${config.probe.location}, reports in ${reports}`;
}
