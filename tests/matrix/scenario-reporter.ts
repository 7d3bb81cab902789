import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import IncidentReporter from '../../incident/reporter';
import { MATRIX_DIR } from './expected';

/**
 * The fault matrix's reporter: one project per fault scenario in one Playwright run, and for each project the
 * suite's own incident reporter, fed only that project's tests, writing `reports/matrix/<scenario>/` (summary.json,
 * incident.json, INCIDENT.md) exactly as a run of the suite against that scenario's portal would.
 */
export default class ScenarioReporter implements Reporter {
  private readonly reporters = new Map<string, IncidentReporter>();

  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    for (const project of suite.suites) {
      const reporter = new IncidentReporter({ outputDir: path.join(MATRIX_DIR, project.title), targetUrl: project.project()?.use.baseURL });
      reporter.onBegin(config, project);
      this.reporters.set(project.title, reporter);
    }
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.reporterOf(test)?.onTestEnd(test, result);
  }

  onError(error: TestError): void {
    // An error outside any test belongs to no one scenario: each report carries it.
    for (const reporter of this.reporters.values()) reporter.onError(error);
  }

  async onEnd(result: FullResult): Promise<void> {
    await Promise.all([...this.reporters.values()].map((reporter) => reporter.onEnd(result)));
  }

  private reporterOf(test: TestCase): IncidentReporter | undefined {
    const project = test.parent.project()?.name;
    return project === undefined ? undefined : this.reporters.get(project);
  }
}
