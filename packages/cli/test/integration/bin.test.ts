import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type {} from '@pause/kube-harness/vitest-global-setup';
import { connectRealCluster } from '@pause/real-cluster';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('../../', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const node = `${repoRoot}node_modules/.bin/node`;
const bin = `${packageDir}dist/bin.js`;
const { version } = JSON.parse(readFileSync(`${packageDir}package.json`, 'utf8')) as {
  version: string;
};
const cluster = connectRealCluster();

describe('the built kubectl-pause bin', () => {
  beforeAll(async () => {
    await run(
      'npx',
      ['turbo', 'run', 'build', '--filter=@pause/cli', '--output-logs=errors-only'],
      {
        cwd: repoRoot,
        timeout: 170_000,
      },
    );
  }, 180_000);

  it('starts with a node shebang', () => {
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('prints help and its version', async () => {
    const help = await run(node, [bin, '--help']);
    expect(help.stdout).toContain('Usage: kubectl pause TYPE[.group]');
    expect(help.stdout).toContain('kubectl pause resume TYPE NAME…');
    expect(help.stdout).toContain('Exit codes: 0 all done');
    const printed = await run(node, [bin, '--version']);
    expect(printed.stdout.trim()).toBe(version);
  });

  it('exits 2 on a usage error', async () => {
    const failure = await run(node, [bin, 'widgets']).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('error: name the objects to pause');
  });

  it('reads a real server: status of namespaces with a given label key', async () => {
    await cluster.ensureNamespace('cli-bin');
    const status = await run(node, [
      bin,
      'status',
      'ns',
      'cli-bin',
      '--label-key',
      'example.com/paused',
      '--kubeconfig',
      cluster.info.kubeconfigPath,
      '-o',
      'json',
    ]);
    expect(JSON.parse(status.stdout)).toEqual([
      expect.objectContaining({ name: 'cli-bin', paused: false }),
    ]);
  });

  it('runs from source with the dev-source condition', async () => {
    const printed = await run(node, [
      '--conditions=dev-source',
      `${packageDir}src/bin.ts`,
      '--version',
    ]);
    expect(printed.stdout.trim()).toBe(version);
  });
});
