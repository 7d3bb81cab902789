/**
 * The incident module's public surface: what the runners, the probe and the end-to-end tests use to finish and render
 * reports. What they exchange (schemas, readers, paths) is in contract/; the Playwright reporter itself is
 * `incident/reporter.ts` (a default export, loaded by path).
 */
export { allureReporterOptions } from './allure';
export { classifyFailure } from './classify';
export { writeSuiteErrorReports } from './files';
export { finalizeReports, type FinalizeOptions } from './finalize';
export { REDACTED, createScrubber, redactText, redactTree } from './redact';
export { renderErrorMarkdown, renderIncidentMarkdown } from './render';
