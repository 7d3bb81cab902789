import path from 'node:path';
import { secretValues } from '../contract';

/** What the reporter needs to know about the run's setting; from config, overridable by reporter options. */
export interface RunContext {
  readonly reportsDir: string;
  readonly secrets: readonly string[];
  readonly targetUrl: string;
  readonly targetEnv: string;
  readonly bundledPortal: boolean;
  readonly portalFaults: readonly string[];
  readonly commit: string | null;
  readonly deployId: string | null;
  readonly ciRunUrl: string | null;
}

/** Reporter options (playwright.config.ts `['./incident/reporter.ts', { … }]`); each overrides what config says. */
export interface IncidentReporterOptions {
  readonly outputDir?: string;
  readonly secrets?: readonly string[];
  readonly targetUrl?: string;
  readonly targetEnv?: string;
  readonly bundledPortal?: boolean;
}

/**
 * Resolves the run context: output dir from FIREWATCH_REPORTS_DIR, then the option, then config's default.
 * When the config module cannot load, falls back to the raw environment and says why in `problem`.
 */
export async function loadRunContext(options: IncidentReporterOptions = {}): Promise<{ context: RunContext; problem?: string }> {
  const env = process.env;
  let problem: string | undefined;
  let fromConfig: Partial<RunContext> = {};
  try {
    const { getConfig } = await import('../config');
    const config = getConfig();
    fromConfig = {
      reportsDir: config.reportsDir,
      secrets: config.secrets,
      targetUrl: config.baseURL,
      targetEnv: config.targetEnv,
      bundledPortal: config.bundledPortal,
      portalFaults: config.portal.faults,
      commit: config.build.gitSha ?? null,
      deployId: config.build.deployId ?? null,
      ciRunUrl: config.build.ciRunUrl ?? null,
    };
  } catch (error) {
    problem = `firewatch config could not be read (${(error as Error).message.split('\n')[0]}); the report uses the raw environment.`;
  }
  const envSecrets = secretValues(env);
  const reportsDir = path.resolve(env.FIREWATCH_REPORTS_DIR || options.outputDir || fromConfig.reportsDir || 'reports');
  const context: RunContext = {
    reportsDir,
    secrets: [...new Set([...(options.secrets ?? []), ...(fromConfig.secrets ?? []), ...envSecrets])],
    targetUrl: options.targetUrl ?? fromConfig.targetUrl ?? env.BASE_URL ?? 'unknown',
    targetEnv: options.targetEnv ?? fromConfig.targetEnv ?? env.TARGET_ENV ?? 'local',
    bundledPortal: options.bundledPortal ?? fromConfig.bundledPortal ?? !env.BASE_URL,
    portalFaults:
      fromConfig.portalFaults ??
      (env.PORTAL_FAULTS
        ? env.PORTAL_FAULTS.split(',')
            .map((f) => f.trim())
            .filter(Boolean)
        : []),
    commit: fromConfig.commit ?? env.GIT_SHA ?? null,
    deployId: fromConfig.deployId ?? env.DEPLOY_ID ?? null,
    ciRunUrl: fromConfig.ciRunUrl ?? env.CI_RUN_URL ?? null,
  };
  return problem ? { context, problem } : { context };
}
