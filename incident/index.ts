/**
 * The incident module's public surface: what scripts and end-to-end tests use to read, check and finish reports.
 * The Playwright reporter itself is `incident/reporter.ts` (a default export, loaded by path).
 */
export { FAILURE_CLASSES, classifyFailure, parseGuardReport, type FailureClass, type GuardReport } from './classify';
export { finalizeReports, type FinalizeOptions } from './finalize';
export { readIncident, readSummary, reportPaths, writeSuiteErrorReports } from './files';
export { REDACTED, createScrubber, redactText, redactTree } from './redact';
export { renderErrorMarkdown, renderIncidentMarkdown } from './render';
export {
  INCIDENT_SCHEMA_VERSION,
  SUMMARY_SCHEMA_VERSION,
  incidentSchema,
  summarySchema,
  type FlowSummary,
  type Incident,
  type Summary,
} from './schema';
export { allureReporterOptions } from './allure';
