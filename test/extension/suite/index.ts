// The in-host test entry (extensionTestsPath): runs every *.test.js beside it with mocha inside the
// extension host, writes {passed, failed, pending, failures} to $HARNESS_RESULTS when set, and
// prints "N passed, N failed". Same contract as @vscode/test-electron's runTests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface Results {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000, reporter: 'spec' });
  if (process.env.HARNESS_GREP) mocha.grep(process.env.HARNESS_GREP);
  for (const file of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort())
    mocha.addFile(path.join(__dirname, file));
  // SEQ2SEQ_PLANT_FAILURE=1 adds a failing test, to see the suite and CI go red (as the UI suite does).
  if (process.env.SEQ2SEQ_PLANT_FAILURE === '1') {
    mocha.suite.addTest(
      new Mocha.Test('planted failure (SEQ2SEQ_PLANT_FAILURE=1)', () => {
        throw new Error('planted on purpose');
      }),
    );
  }
  const results: Results = { passed: 0, failed: 0, pending: 0, failures: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (process.env.HARNESS_RESULTS) fs.writeFileSync(process.env.HARNESS_RESULTS, JSON.stringify(results, null, 2));
      console.log(`${results.passed} passed, ${results.failed} failed`);
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', () => results.passed++);
    runner.on('pending', () => results.pending++);
    runner.on('fail', (test, err: Error) => {
      results.failed++;
      results.failures.push({ title: test.fullTitle(), error: String(err?.stack ?? err) });
    });
  });
}
