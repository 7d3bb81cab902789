import 'dotenv/config';
import { z } from 'zod';
import { BUNDLED_PORTAL_SEED_TOKEN } from '../config';
import { createPortal, DEMO_MEMBER } from '../portal/app';
import { FAULTS, isFaultName, type FaultName } from '../portal/faults';

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

const envSchema = z.object({
  PORTAL_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  PORTAL_HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  PORTAL_MODE: z.preprocess(emptyToUndefined, z.enum(['development', 'production']).default('development')),
  PORTAL_FAULTS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
      )
      .superRefine((names, ctx) => {
        for (const name of names) {
          if (!isFaultName(name)) {
            ctx.addIssue({
              code: 'custom',
              message: `PORTAL_FAULTS contains the unknown fault "${name}". Allowed fault names: ${FAULTS.join(', ')}.`,
            });
          }
        }
      })
      .transform((names) => names as FaultName[]),
  ),
  PORTAL_LATENCY_MS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d+(-\d+)?$/)
      .transform((value) => {
        const [min, max = min] = value.split('-').map(Number) as [number, number?];
        return [min, max] as const;
      })
      .refine(([min, max]) => min <= max && max <= 60_000)
      .optional(),
  ),
  SEED_TOKEN: z.preprocess(emptyToUndefined, z.string().min(8).optional()),
  PROBE_EMAIL: z.preprocess(emptyToUndefined, z.email().optional()),
  PROBE_PASSWORD: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
});

const ALLOWED: Record<string, string> = {
  PORTAL_PORT: 'a whole port number from 0 to 65535 (0 picks a free port)',
  PORTAL_HOST: 'a host name or IP address to listen on',
  PORTAL_MODE: 'development or production',
  PORTAL_LATENCY_MS: 'extra latency per response in milliseconds, "<ms>" (fixed) or "<min>-<max>" (random), at most 60000, e.g. 0-800',
  SEED_TOKEN: 'a token of at least 8 characters',
  PROBE_EMAIL: 'an e-mail address',
  PROBE_PASSWORD: 'a non-empty password',
};
const SECRETS = new Set(['SEED_TOKEN', 'PROBE_PASSWORD']);

/** Turns zod issues into one readable paragraph naming the variable, its value and what is allowed. */
function describeIssues(error: z.ZodError, env: NodeJS.ProcessEnv): string {
  return error.issues
    .map((issue) => {
      const variable = String(issue.path[0] ?? 'environment');
      if (issue.code === 'custom') return issue.message;
      const value = SECRETS.has(variable) ? '(hidden)' : `"${env[variable] ?? ''}"`;
      return `${variable}=${value} is invalid; allowed: ${ALLOWED[variable] ?? issue.message}.`;
    })
    .join(' ');
}

const parsed = envSchema.safeParse(process.env);
if (!parsed.success) {
  process.stderr.write(`Portal not started: ${describeIssues(parsed.error, process.env)}\n`);
  process.exit(2);
}
const env = parsed.data;
if ((env.PROBE_EMAIL === undefined) !== (env.PROBE_PASSWORD === undefined)) {
  process.stderr.write('Portal not started: PROBE_EMAIL and PROBE_PASSWORD must be set together (or neither).\n');
  process.exit(2);
}

// Development mode works out of the box: the documented local token, which the suite also uses for loopback targets.
const seedToken = env.SEED_TOKEN ?? (env.PORTAL_MODE === 'development' ? BUNDLED_PORTAL_SEED_TOKEN : undefined);
const portal = createPortal({
  mode: env.PORTAL_MODE,
  faults: env.PORTAL_FAULTS,
  ...(seedToken ? { seedToken } : {}),
  ...(env.PORTAL_LATENCY_MS ? { latencyMs: env.PORTAL_LATENCY_MS } : {}),
  ...(env.PROBE_EMAIL && env.PROBE_PASSWORD ? { probeAccount: { email: env.PROBE_EMAIL, password: env.PROBE_PASSWORD } } : {}),
});

try {
  const server = await portal.start(env.PORTAL_PORT, env.PORTAL_HOST);
  const faults = env.PORTAL_FAULTS.length > 0 ? env.PORTAL_FAULTS.join(', ') : 'none';
  const demo = env.PORTAL_MODE === 'development' ? `, demo login ${DEMO_MEMBER.email} / ${DEMO_MEMBER.password}` : '';
  console.log(`Portal listening on ${server.url} (mode ${env.PORTAL_MODE}, faults: ${faults}${demo})`);
  if (env.PORTAL_MODE === 'development')
    console.log(`Run the suite against it: BASE_URL=${server.url}${env.SEED_TOKEN ? ' SEED_TOKEN=$SEED_TOKEN' : ''} npm run smoke`);
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    void portal.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `Portal not started: cannot listen on ${env.PORTAL_HOST}:${env.PORTAL_PORT} (${reason}). Set PORTAL_PORT to a free port.\n`,
  );
  process.exit(2);
}
