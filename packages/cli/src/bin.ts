#!/usr/bin/env node
// kubectl-pause: `kubectl pause …` (a kubectl plugin on the PATH), `npx kubectl-pause …`.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(
    `error: kubectl-pause needs Node.js 22.19 or later; this is ${process.versions.node}\n`,
  );
  process.exit(1);
}
// Imported after the check: its dependencies need a recent Node.
const { runKubectlPause } = await import('./index.ts');
process.exitCode = await runKubectlPause(process.argv.slice(2));
