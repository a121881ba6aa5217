import type { KubernetesObject } from '@kubernetes/client-node';
import { refOf } from '@pause/core/adapter';
import {
  connectRealCluster,
  createTestObjects,
  exportKubeconfig,
  type TestObjects,
} from '@pause/real-cluster';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ClientNodePauseGate } from '../../src/index.ts';
import { conditionOf, EXAMPLE_WIDGETS } from './example-env.ts';

const LABEL = 'example.com/paused';
const NAMESPACE = 'pause-own-loop';
const cluster = connectRealCluster();

describe('examples/own-loop.ts (createPauseGate in your own loop) against a real kube-apiserver', () => {
  let objects: TestObjects | undefined;
  let gate: ClientNodePauseGate<KubernetesObject> | undefined;
  let restoreEnv: (() => void) | undefined;

  beforeAll(async () => {
    objects = await createTestObjects({ cluster, resource: EXAMPLE_WIDGETS, namespace: NAMESPACE });
    restoreEnv = exportKubeconfig(cluster.info.kubeConfig); // as a user's shell would
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });

  afterAll(async () => {
    await gate?.close();
    vi.restoreAllMocks();
    restoreEnv?.();
    await objects?.cleanup();
  });

  it('says continue, stop (writing Paused), continue again (removing it), then gone', async () => {
    const h = objects as TestObjects;
    const example = await import('../../examples/own-loop.ts');
    gate = example.gate;
    const ref = refOf(await h.createObject());
    // The user's own read, through client-node's API on the gate's connection pool.
    const fetchWidget = (): Promise<KubernetesObject> =>
      example.gate.client.customObjects.getNamespacedCustomObject({
        group: 'example.com',
        version: 'v1',
        plural: 'widgets',
        namespace: NAMESPACE,
        name: ref.name,
      });

    expect(await example.handle(await fetchWidget())).toBe('reconciled');
    expect(console.log).toHaveBeenCalledWith(`reconciling ${ref.name}`);

    await h.patchMetadata(ref, { labels: { [LABEL]: 'alice' } });
    const paused = await fetchWidget();
    expect(await example.handle(paused)).toBe('stop');
    expect(conditionOf(await h.getObject(ref), 'Paused')).toMatchObject({ status: 'True' });
    // Steady state: paused again, nothing written.
    expect(await example.handle(await fetchWidget())).toBe('stop');

    await h.patchMetadata(ref, { labels: { [LABEL]: null } });
    expect(await example.handle(await fetchWidget())).toBe('reconciled');
    expect(conditionOf(await h.getObject(ref), 'Paused')).toBeUndefined();
    expect((await h.listEvents(ref)).map((event) => event.reason)).toEqual(['Paused', 'Resumed']);

    // A stale copy of a paused object: runPause re-reads on the lost race and still stops.
    await h.patchMetadata(ref, { labels: { [LABEL]: 'bob' } });
    const stale = await fetchWidget();
    await h.patchSpec(ref, { size: 3 });
    const outcome = await example.gate.run(stale);
    expect(outcome.action).toBe('stop');
    if (outcome.action === 'stop') {
      expect(outcome.object.metadata?.resourceVersion).not.toBe(stale.metadata?.resourceVersion);
    }

    await h.deleteObject(ref);
    expect(await example.handle(stale)).toBe('gone');
    // Every call (the port's and client-node's generated API) went over one connection.
    expect(example.gate.client.connection.stats().connectionsOpened).toBe(1);
  });
});
