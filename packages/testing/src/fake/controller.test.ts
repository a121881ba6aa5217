import { createPausePolicy, type KubeObject } from '@pause/core';
import { describe, expect, it } from 'vitest';
import { FakePauseClient } from './client.ts';
import { FakeCluster } from './cluster.ts';
import { createFakeController } from './controller.ts';
import { FakeFaults } from './faults.ts';

const policy = createPausePolicy({
  labelKey: 'example.com/paused',
  untilAnnotation: 'example.com/paused-until',
  ownerId: 'widget-controller',
});
const ref = { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', namespace: 'ns' };
const NOW = Date.parse('2026-01-01T00:00:00Z');

function setup(labels?: Record<string, string>, annotations?: Record<string, string>) {
  const cluster = new FakeCluster();
  const metadata: KubeObject['metadata'] = { name: 'w', namespace: 'ns' };
  if (labels) metadata.labels = labels;
  if (annotations) metadata.annotations = annotations;
  cluster.create({ apiVersion: ref.apiVersion, kind: ref.kind, metadata });
  const reconciled: string[] = [];
  const faults = new FakeFaults();
  const controller = createFakeController({
    cluster,
    pause: policy,
    client: new FakePauseClient(cluster, { faults }),
    now: NOW,
    reconcile: (object) => {
      reconciled.push(String(object.metadata?.name));
    },
  });
  return { cluster, controller, reconciled, faults };
}

describe('createFakeController', () => {
  it('continues (runs the reconcile) when not paused', async () => {
    const { controller, reconciled } = setup();
    expect(await controller.step(ref)).toMatchObject({ result: 'continued' });
    expect(reconciled).toEqual(['w']);
  });

  it('stops without reconciling when paused, and requeues at the until time', async () => {
    const until = '2026-01-01T00:10:00Z';
    const { controller, reconciled } = setup(
      { 'example.com/paused': '' },
      { 'example.com/paused-until': until },
    );
    expect(await controller.step(ref)).toMatchObject({
      result: 'stopped',
      requeueAfterMs: 600_000,
    });
    expect(reconciled).toEqual([]);
    expect(controller.queue).toEqual([{ ref, afterMs: 600_000 }]);
    controller.setNow(Date.parse(until));
    expect(await controller.stepNext()).toMatchObject({ result: 'continued' });
    expect(reconciled).toEqual(['w']);
  });

  it('requeues after Retry-After, then backs off exponentially without one', async () => {
    const { controller, faults } = setup({ 'example.com/paused': '' });
    faults.failNext('writeCondition', { kind: 'status', statusCode: 429, retryAfterSeconds: 4 });
    expect(await controller.step(ref)).toMatchObject({ result: 'requeued', requeueAfterMs: 4000 });
    faults.failNext('writeCondition', { kind: 'status', statusCode: 500 }, 2);
    expect(await controller.step(ref)).toMatchObject({ result: 'requeued', requeueAfterMs: 10 });
    expect(await controller.step(ref)).toMatchObject({ result: 'requeued', requeueAfterMs: 20 });
    expect(await controller.step(ref)).toMatchObject({ result: 'stopped' });
    expect(controller.queue).toEqual([]);
  });

  it('passes on the requeue the reconcile asks for', async () => {
    const cluster = new FakeCluster();
    cluster.create({
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      metadata: { name: 'w', namespace: 'ns' },
    });
    const controller = createFakeController({
      cluster,
      pause: policy,
      now: NOW,
      reconcile: () => ({ requeueAfterMs: 30_000 }),
    });
    expect(await controller.step(ref)).toMatchObject({
      result: 'continued',
      requeueAfterMs: 30_000,
    });
    expect(controller.queue).toEqual([{ ref, afterMs: 30_000 }]);
  });

  it('reports a missing object as gone', async () => {
    const { controller, cluster } = setup();
    cluster.delete(ref);
    expect(await controller.step(ref)).toEqual({ result: 'gone' });
  });

  it('lets the reconcile pause its own object (label first), and stops', async () => {
    const cluster = new FakeCluster();
    cluster.create({
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      metadata: { name: 'w', namespace: 'ns' },
    });
    const controller = createFakeController({
      cluster,
      pause: policy,
      now: NOW,
      reconcile: async (_object, context) => {
        await context.selfPause({ reason: 'JobFailed', message: 'the job failed' });
      },
    });
    expect(await controller.step(ref)).toMatchObject({ result: 'stopped' });
    expect(cluster.get(ref)?.metadata?.labels).toEqual({
      'example.com/paused': 'widget-controller',
    });
    expect(await controller.step(ref)).toMatchObject({ result: 'stopped' });
  });

  it('enqueues what the watch reports', async () => {
    const { controller, cluster } = setup();
    const stop = controller.watch();
    cluster.patch(ref, {
      type: 'merge',
      body: { metadata: { labels: { 'example.com/paused': 'x' } } },
    });
    stop();
    expect(controller.queue).toEqual([{ ref, afterMs: 0 }]);
    expect(await controller.stepNext()).toMatchObject({ result: 'stopped' });
    expect(await controller.stepNext()).toBeUndefined();
    expect(controller.steps.map((s) => s.result)).toEqual(['stopped']);
  });

  it('pauses every object of a Namespace that carries namespaceLabelKey, and resumes them', async () => {
    const cluster = new FakeCluster();
    const nsRef = { apiVersion: 'v1', kind: 'Namespace', name: 'ns' };
    cluster.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } });
    for (const name of ['a', 'b']) {
      cluster.create({
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        metadata: { name, namespace: 'ns' },
      });
    }
    const reconciled: string[] = [];
    const controller = createFakeController({
      cluster,
      pause: { labelKey: 'example.com/paused', namespaceLabelKey: 'example.com/paused' },
      now: NOW,
      reconcile: (object) => {
        reconciled.push(String(object.metadata?.name));
      },
    });
    const stop = controller.watch();
    const label = (value: string | null) =>
      cluster.patch(nsRef, {
        type: 'merge',
        body: { metadata: { labels: { 'example.com/paused': value } } },
      });
    label('true');
    expect(controller.queue.map((item) => item.ref.name).sort()).toEqual(['a', 'b']);
    while (await controller.stepNext()) {}
    expect(reconciled).toEqual([]);
    const reasons = () =>
      ['a', 'b'].map((name) => {
        const stored = cluster.get({ ...ref, name }) as {
          status?: { conditions?: { reason: string }[] };
        };
        return stored.status?.conditions?.[0]?.reason;
      });
    expect(reasons()).toEqual(['PausedByNamespace', 'PausedByNamespace']);
    expect(cluster.get(nsRef)?.status).toBeUndefined();
    label(null);
    while (await controller.stepNext()) {}
    stop();
    expect([...new Set(reconciled)].sort()).toEqual(['a', 'b']);
    expect(reasons()).toEqual([undefined, undefined]);
    expect(cluster.events.map((event) => event.reason)).toEqual([
      'PausedByNamespace',
      'PausedByNamespace',
      'Resumed',
      'Resumed',
    ]);
  });
});
