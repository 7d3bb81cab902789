import path from 'node:path';
import type { Config } from '../config';
import { ALLURE_CATEGORIES } from './allure-categories';

/** The parts of Config the Allure options need. */
export type AllureConfigInput = Pick<Config, 'reportsDir' | 'baseURL' | 'targetEnv' | 'build'> & Partial<Pick<Config, 'bundledPortal'>>;

/**
 * Options for the allure-playwright reporter: results under `<reports>/allure-results`, the run's target,
 * environment and build as environment info, and categories that tell product from test and infrastructure failures.
 */
export function allureReporterOptions(config: AllureConfigInput) {
  const environmentInfo: Record<string, string> = {
    'Target URL': config.baseURL,
    TARGET_ENV: config.targetEnv,
    ...(config.bundledPortal ? { Portal: 'bundled (started by the suite)' } : {}),
    ...(config.build.gitSha ? { Commit: config.build.gitSha } : {}),
    ...(config.build.deployId ? { 'Deploy id': config.build.deployId } : {}),
    ...(config.build.ciRunUrl ? { 'CI run': config.build.ciRunUrl } : {}),
  };
  return {
    resultsDir: path.join(config.reportsDir, 'allure-results'),
    environmentInfo,
    categories: ALLURE_CATEGORIES.map((category) => ({ ...category })),
  };
}
