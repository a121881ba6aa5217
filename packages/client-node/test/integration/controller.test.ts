import { createPausePolicy, type KubeObject } from '@pause/core';
import { refOf } from '@pause/core/adapter';
import {
  type AdapterProxy,
  connectRealCluster,
  createTestObjects,
  type TestObjects,
  waitFor,
} from '@pause/real-cluster';
import { afterEach, describe, expect, it } from 'vitest';
import { createPausableController, type PausableController } from '../../src/index.ts';
import { kubeConfigOf, NAMESPACE, testResource } from './cluster.ts';

const LABEL = 'pause.test/paused';
const policy = createPausePolicy({ labelKey: LABEL });
const cluster = connectRealCluster();
const resource = testResource('free', true);

function pausedCondition(object: KubeObject | undefined) {
  const list = (object?.status as { conditions?: Array<{ type: string; status: string }> })
    ?.conditions;
  return list?.find((entry) => entry.type === 'Paused');
}

describe('createPausableController against a real kube-apiserver', () => {
  let objects: TestObjects | undefined;
  let proxy: AdapterProxy | undefined;
  let controller: PausableController | undefined;

  afterEach(async () => {
    await controller?.stop();
    await objects?.cleanup();
    await proxy?.close();
    controller = undefined;
    objects = undefined;
    proxy = undefined;
  });

  it('aborts an in-flight reconcile when its object gets paused, and writes the condition after it settled', async () => {
    objects = await createTestObjects({ cluster, resource, namespace: NAMESPACE });
    const h = objects;
    const object = await h.createObject();
    const ref = refOf(object);
    const log: string[] = [];
    let conditionWhileSettling: unknown = 'not checked';
    let markStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    controller = createPausableController({
      kubeConfig: kubeConfigOf(cluster.info.kubeConfig),
      resource,
      pause: policy,
      namespace: ref.namespace,
      reconcile: async (observed, { signal }) => {
        if (observed.metadata?.name !== ref.name) return;
        log.push('reconcile started');
        markStarted();
        // Long work that only stops when the pause aborts it.
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        log.push('aborted');
        // Still inside the reconcile: the condition must not be there yet.
        conditionWhileSettling = pausedCondition(await h.getObject(ref)) ?? null;
        log.push('reconcile settled');
      },
    });
    await controller.start();
    await started;
    await h.patchMetadata(ref, { labels: { [LABEL]: 'maintenance' } });
    const paused = await waitFor('the Paused condition', async () =>
      pausedCondition(await h.getObject(ref)),
    );
    expect(paused.status).toBe('True');
    expect(log).toEqual(['reconcile started', 'aborted', 'reconcile settled']);
    expect(conditionWhileSettling).toBeNull();
    const events = await h.listEvents(ref);
    expect(events.map((event) => event.reason)).toContain('Paused');
  });

  it('restarts its informer after the watch connection is killed, re-watches and re-lists on 410, and loses no event', async () => {
    objects = await createTestObjects({ cluster, resource, namespace: NAMESPACE });
    proxy = await cluster.startFaultProxy();
    const h = objects;
    const seen = new Map<string, Set<number>>();
    const restarts: unknown[] = [];
    controller = createPausableController({
      kubeConfig: kubeConfigOf(proxy.kubeConfig),
      resource,
      pause: policy,
      namespace: NAMESPACE,
      backoff: { baseMs: 20, maxMs: 200 },
      metrics: { onInformerRestart: (error) => restarts.push(error) },
      reconcile: async (observed) => {
        const name = String(observed.metadata?.name);
        const size = Number((observed.spec as { size?: number } | undefined)?.size);
        if (!seen.has(name)) seen.set(name, new Set());
        seen.get(name)?.add(size);
      },
    });
    await controller.start();
    const first = refOf(await h.createObject());
    await waitFor('the first object reconciled', () => seen.get(first.name)?.has(1));

    // 1. Kill the watch connection and make the next re-watches fail at the network level.
    proxy.failNext((request) => request.watch, { kind: 'network' }, 2);
    expect(proxy.dropWatches()).toBeGreaterThan(0);
    await h.patchSpec(first, { size: 2 });
    const second = refOf(await h.createObject());
    await waitFor('the spec change seen after the restart', () => seen.get(first.name)?.has(2));
    await waitFor('the new object seen after the restart', () => seen.get(second.name)?.has(1));
    expect(restarts.length).toBeGreaterThan(0);
    expect(controller.informer?.restarts).toBeGreaterThan(0);

    // 2. The server answers the re-watch with 410 Gone: the informer re-lists by itself.
    proxy.failNext((request) => request.watch, { kind: 'status', statusCode: 410 }, 1);
    proxy.dropWatches();
    await h.patchSpec(second, { size: 3 });
    const third = refOf(await h.createObject());
    await waitFor('the change made around the 410', () => seen.get(second.name)?.has(3));
    await waitFor('the object created around the 410', () => seen.get(third.name)?.has(1));
  });
});
