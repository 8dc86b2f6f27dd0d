// Ends the test run with a plain "N passed, N failed" line that CI systems read, whatever the
// other reporters print. A file whose setup failed (a beforeAll that threw or timed out) marks its
// tests skipped; it counts here as a failure, and so does an error outside any test, so that the
// line never reads as a pass when the run did not pass.
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

export function summarize(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown> = []): string {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const module of testModules) {
    let failedHere = 0;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') passed++;
      else if (state === 'failed') failedHere++;
      else skipped++;
    }
    // The file failed though none of its tests did: its setup or teardown failed, or it did not load.
    if (module.state() === 'failed' || module.errors().length) failedHere = Math.max(failedHere, 1);
    failed += failedHere;
  }
  failed += unhandledErrors.length;
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const line = summarize(testModules, unhandledErrors);
    // Last of all, after the default reporter's summary (stdout to a pipe is synchronous on exit).
    process.once('exit', () => process.stdout.write(`\n${line}\n`));
  }
}
