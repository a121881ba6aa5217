import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Condition } from '@pause/core';
import { refOf } from '@pause/core/adapter';
import { connectRealCluster, createTestObjects, type TestObjects } from '@pause/real-cluster';
import { GenericKind } from 'kubernetes-fluent-client';
import type { Capability } from 'pepr';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
// The README's first example, imported before KUBECONFIG is set: the cluster is read lazily.
import { reconcile, widget } from '../../examples/quick-start.ts';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '../..');
const examplePath = join(packageDir, 'examples/quick-start.ts');
const examples = readdirSync(join(packageDir, 'examples'))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => join(packageDir, 'examples', file));
const cluster = connectRealCluster();
const LABEL = 'example.com/paused';
let objects: TestObjects;
let previousKubeconfig: string | undefined;

/** The hook-up the example's comment shows, type-checked against Pepr's own `When` (never run). */
export function hookUp(When: Capability['When']) {
  When(GenericKind, widget).IsCreatedOrUpdated().Reconcile(reconcile);
}

function pausedOf(status: unknown): Condition | undefined {
  return (status as { conditions?: Condition[] } | undefined)?.conditions?.find(
    (c) => c.type === 'Paused',
  );
}

beforeAll(async () => {
  previousKubeconfig = process.env.KUBECONFIG;
  process.env.KUBECONFIG = cluster.info.kubeconfigPath; // kfc's cluster = the harness's
  objects = await createTestObjects({
    cluster,
    resource: { ...widget, namespaced: true, conditions: 'free' },
    namespace: 'readme-example',
  });
});

afterAll(async () => {
  await reconcile.dispose();
  await objects?.cleanup();
  if (previousKubeconfig === undefined) delete process.env.KUBECONFIG;
  else process.env.KUBECONFIG = previousKubeconfig;
});

describe('the README quick start (examples/quick-start.ts)', () => {
  it('is the first code block of the README, verbatim (and every other example is a block too)', () => {
    const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
    const example = readFileSync(examplePath, 'utf8');
    expect(blocks[0]).toBe(example);
    expect(example.trimEnd().split('\n').length).toBeLessThanOrEqual(10);
    expect(example.match(/^import /gm)).toHaveLength(1);
    for (const file of examples) expect(blocks).toContain(readFileSync(file, 'utf8'));
  });

  it('type-checks as user files, with the other examples', () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(packageDir, 'tsconfig.json'),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
    );
    if (!config) throw new Error('no tsconfig.json');
    const program = ts.createProgram(examples, { ...config.options, noEmit: true });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  }, 60_000);

  it('runs on the real server: skips a paused widget, then reconciles it once the label is gone', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const plain = await objects.createObject();
      await reconcile(plain, 'ADDED');
      expect(log).toHaveBeenCalledWith(`reconciling ${plain.metadata?.name} (ADDED)`);
      expect(pausedOf((await objects.getObject(refOf(plain)))?.status)).toBeUndefined();

      log.mockClear();
      const labelled = await objects.createObject({ labels: { [LABEL]: 'maintenance' } });
      const ref = refOf(labelled);
      await reconcile(labelled, 'ADDED');
      expect(log).not.toHaveBeenCalled();
      expect(pausedOf((await objects.getObject(ref))?.status)).toMatchObject({
        status: 'True',
        reason: 'PausedByLabel',
      });

      const unlabelled = await objects.patchMetadata(ref, { labels: { [LABEL]: null } });
      await reconcile(unlabelled, 'MODIFIED');
      expect(log).toHaveBeenCalledWith(`reconciling ${ref.name} (MODIFIED)`);
      expect(pausedOf((await objects.getObject(ref))?.status)).toBeUndefined();
      expect((await objects.listEvents(ref)).map((e) => e.reason)).toEqual(['Paused', 'Resumed']);
    } finally {
      log.mockRestore();
    }
  });
});
