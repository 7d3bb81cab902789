/**
 * The incident module's public surface: what the runners, the probe and the end-to-end tests use to finish and render
 * reports. What they exchange (schemas, readers, paths) is in contract/; the Playwright reporter itself is
 * `incident/reporter.ts` (a default export, loaded by path).
 */
export { allureReporterOptions } from './allure';
export { writeSuiteErrorReports } from './files';
export { finalizeReports } from './finalize';
export { createScrubber, redactText, secretVariants } from './redact';
