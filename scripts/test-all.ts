/**
 * `npm test`: the whole test suite, in the order a failure is cheapest to find.
 * 1. lint + types, 2. unit tests (no cluster), 3. the published packages' checks (publint,
 * attw) and their public API: the checked-in API reports and the export limits
 * (scripts/api-surface.ts), 4. a real kube-apiserver (built or found by the harness),
 * 5. integration tests against it.
 * Prints one closing line "tests: N passed, N failed, N skipped" from the vitest reports.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const started = Date.now();

function step(title: string, command: string, args: string[]): void {
  const t0 = Date.now();
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n=== FAILED: ${title} (exit ${result.status ?? result.signal}, ${seconds}s)`);
    printTotals();
    process.exit(result.status ?? 1);
  }
  console.log(`=== ok: ${title} (${seconds}s)`);
}

function reportFiles(): string[] {
  const found: string[] = [];
  for (const group of ['packages', 'apps', 'tooling']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const reports = join(dir, name, '.reports');
      if (!existsSync(reports)) continue;
      for (const file of readdirSync(reports)) found.push(join(reports, file));
    }
  }
  return found;
}

function printTotals(): void {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of reportFiles()) {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
  console.log(`\nsuite time ${((Date.now() - started) / 1000).toFixed(0)}s`);
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}

for (const file of reportFiles()) rmSync(file);
const turbo = 'turbo';
step('lint', turbo, ['run', 'lint']);
step('typecheck', turbo, ['run', 'typecheck']);
// Scripts outside the workspaces (the controller benchmark) are type-checked too.
step('typecheck (controller bench)', 'tsc', ['-p', 'tooling/controller-bench']);
step('unit tests', turbo, ['run', 'test:unit']);
step('package checks (publint, attw)', turbo, ['run', 'check:package']);
step('public API (reports, export limits)', 'node', ['scripts/api-surface.ts']);
step('kube-apiserver + etcd', 'node', ['tooling/kube-harness/src/cli.ts', 'ensure']);
step('integration tests (real API server)', turbo, ['run', 'test:integration', '--concurrency=1']);
printTotals();
