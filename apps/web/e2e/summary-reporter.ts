/**
 * Prints, after the list reporter, the figures the tests measured (annotations of type
 * `figure`: reported only, they never decide pass or fail) and then one last line of the form
 * `e2e: N passed, M failed` for the CI log. A test that passed on a retry counts as passed (and
 * is named above the line); an error outside any test (set-up, a worker) counts as a failure.
 */
import type { FullResult, Reporter, TestCase, TestError, TestResult } from '@playwright/test/reporter';

export default class SummaryReporter implements Reporter {
  private readonly figures: string[] = [];
  private errors = 0;
  private tests: TestCase[] = [];

  onBegin(_config: unknown, suite: { allTests(): TestCase[] }): void {
    this.tests = suite.allTests();
  }

  onTestEnd(_test: TestCase, result: TestResult): void {
    if (result.status !== 'passed') return;
    for (const a of result.annotations) if (a.type === 'figure' && a.description) this.figures.push(a.description);
  }

  onError(_error: TestError): void {
    this.errors++;
  }

  onEnd(result: FullResult): void {
    let passed = 0;
    let failed = 0;
    const flaky: string[] = [];
    let notRun = 0;
    for (const t of this.tests) {
      const outcome = t.outcome();
      if (outcome === 'expected' || outcome === 'flaky') passed++;
      if (outcome === 'flaky') flaky.push(t.title);
      if (outcome === 'unexpected') failed++;
      if (outcome === 'skipped' && !t.annotations.some((a) => a.type === 'skip')) notRun++;
    }
    // A run that stopped early (time-out, interruption, set-up error) leaves tests unrun: failures.
    if (result.status !== 'passed') failed += notRun;
    failed += this.errors;
    if (result.status !== 'passed' && failed === 0) failed = 1;
    const out: string[] = [];
    if (this.figures.length) out.push('figures (reported only):', ...this.figures.map((f) => `  ${f}`));
    if (flaky.length) out.push(`passed on a retry: ${flaky.join('; ')}`);
    out.push(`e2e: ${passed} passed, ${failed} failed`);
    process.stdout.write(`${out.join('\n')}\n`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
