import { refOf } from '@pause/core/adapter';
import {
  connectRealCluster,
  createTestObjects,
  exportKubeconfig,
  type TestObjects,
  waitFor,
} from '@pause/real-cluster';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PausableController } from '../../src/index.ts';
import { conditionOf, EXAMPLE_WIDGETS } from './example-env.ts';

const LABEL = 'example.com/paused';
const cluster = connectRealCluster();

describe('examples/quick-start.ts (the README’s first example) against a real kube-apiserver', () => {
  let objects: TestObjects | undefined;
  let controller: PausableController | undefined;
  let restoreEnv: (() => void) | undefined;
  const logged: string[] = [];

  beforeAll(async () => {
    objects = await createTestObjects({
      cluster,
      resource: EXAMPLE_WIDGETS,
      namespace: 'pause-quick-start',
    });
    restoreEnv = exportKubeconfig(cluster.info.kubeConfig); // as a user's shell would
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      logged.push(args.join(' '));
    });
  });

  afterAll(async () => {
    await controller?.stop();
    vi.restoreAllMocks();
    restoreEnv?.();
    await objects?.cleanup();
  });

  it('starts with the default kubeconfig, reconciles a widget, pauses it by label and resumes it', async () => {
    const h = objects as TestObjects;
    // Importing the example runs it: it creates the controller and awaits `start()`.
    ({ controller } = await import('../../examples/quick-start.ts'));
    const ref = refOf(await h.createObject());
    const reconciled = () => logged.filter((line) => line === `reconciling ${ref.name}`).length;
    await waitFor('the first reconcile', () => reconciled() === 1);

    await h.patchMetadata(ref, { labels: { [LABEL]: 'maintenance' } });
    const paused = await waitFor('Paused=True', async () =>
      conditionOf(await h.getObject(ref), 'Paused'),
    );
    expect(paused).toMatchObject({ status: 'True', reason: 'PausedByLabel' });
    await h.patchSpec(ref, { size: 2 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reconciled()).toBe(1); // paused: the spec change is not reconciled

    await h.patchMetadata(ref, { labels: { [LABEL]: null } });
    await waitFor('the reconcile after the resume', () => reconciled() >= 2);
    expect(conditionOf(await h.getObject(ref), 'Paused')).toBeUndefined();
    expect((await h.listEvents(ref)).map((event) => event.reason)).toEqual(['Paused', 'Resumed']);
    // Calls and the watch share the pool: a handful of connections, not one per call.
    expect(controller?.client.connection.stats().connectionsOpened).toBeLessThanOrEqual(4);
  });
});
