import { type KubeObject, PauseApiError } from '@pause/core';
import { describe, expect, it } from 'vitest';
import { FakeCluster } from './cluster.ts';
import type { WatchEvent } from './records.ts';

const ref = { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', namespace: 'ns' };
const widget: KubeObject = {
  apiVersion: ref.apiVersion,
  kind: ref.kind,
  metadata: { name: ref.name, namespace: ref.namespace, labels: { app: 'demo' } },
  spec: { size: 1 },
};

function failure(run: () => unknown): PauseApiError {
  try {
    run();
  } catch (error) {
    if (PauseApiError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('FakeCluster', () => {
  it('creates with uid, resourceVersion, generation 1, and ignores status like a CRD with /status', () => {
    const cluster = new FakeCluster();
    const created = cluster.create({ ...widget, status: { phase: 'x' } });
    expect(created.metadata).toMatchObject({
      uid: 'fake-uid-1',
      resourceVersion: '1',
      generation: 1,
    });
    expect(created.status).toBeUndefined();
    expect(failure(() => cluster.create(widget))).toMatchObject({
      statusCode: 409,
      reason: 'AlreadyExists',
    });
  });

  it('bumps resourceVersion on every change, not on a no-op patch', () => {
    const cluster = new FakeCluster();
    cluster.create(widget);
    const first = cluster.patch(ref, { type: 'merge', body: { metadata: { labels: { a: '1' } } } });
    const second = cluster.patch(ref, {
      type: 'merge',
      body: { metadata: { labels: { a: '2' } } },
    });
    expect([first.metadata?.resourceVersion, second.metadata?.resourceVersion]).toEqual(['2', '3']);
    const same = cluster.patch(ref, { type: 'merge', body: { metadata: { labels: { a: '2' } } } });
    expect(same.metadata?.resourceVersion).toBe('3');
    expect(cluster.writes.map((w) => w.outcome)).toEqual([
      'applied',
      'applied',
      'applied',
      'unchanged',
    ]);
  });

  it('answers 409 to a merge patch carrying a stale resourceVersion', () => {
    const cluster = new FakeCluster();
    cluster.create(widget);
    cluster.patch(ref, { type: 'merge', body: { metadata: { labels: { a: '1' } } } });
    const error = failure(() =>
      cluster.patch(ref, {
        type: 'merge',
        body: { metadata: { resourceVersion: '1', labels: { b: '1' } } },
      }),
    );
    expect(error).toMatchObject({ statusCode: 409, kind: 'conflict', reason: 'Conflict' });
    expect(cluster.get(ref)?.metadata?.labels).toEqual({ app: 'demo', a: '1' });
    expect(cluster.writes.at(-1)).toMatchObject({ outcome: 'failed', statusCode: 409 });
  });

  it("answers a JSON Patch whose test fails with the server's generic 422, and applies nothing", () => {
    const cluster = new FakeCluster();
    cluster.seed({ ...widget, status: { conditions: [] } });
    const error = failure(() =>
      cluster.patch(ref, {
        type: 'json',
        subresource: 'status',
        body: [
          { op: 'add', path: '/status/conditions/-', value: { type: 'A' } },
          { op: 'test', path: '/metadata/resourceVersion', value: '1' },
        ],
      }),
    );
    // kube-apiserver 1.20 sends exactly this body; it does not say that a `test` failed.
    expect(error).toMatchObject({
      statusCode: 422,
      reason: 'Invalid',
      serverMessage: 'the server rejected our request due to an error in our request',
    });
    expect(cluster.get(ref)?.status).toEqual({ conditions: [] });
  });

  it("answers a JSON Patch on a missing path with the server's bare 422 (which the core reads as a lost race)", () => {
    const cluster = new FakeCluster();
    cluster.create(widget);
    const error = failure(() =>
      cluster.patch(ref, {
        type: 'json',
        subresource: 'status',
        body: [{ op: 'remove', path: '/status/x' }],
      }),
    );
    expect(error).toMatchObject({
      statusCode: 422,
      reason: 'Invalid',
      serverMessage: 'the server rejected our request due to an error in our request',
      kind: 'conflict',
    });
  });

  it('bumps generation on spec changes only', () => {
    const cluster = new FakeCluster();
    cluster.create(widget);
    cluster.patch(ref, { type: 'merge', body: { metadata: { labels: { a: '1' } } } });
    cluster.patch(ref, {
      type: 'merge',
      body: { status: { phase: 'Ready' } },
      subresource: 'status',
    });
    expect(cluster.get(ref)?.metadata?.generation).toBe(1);
    cluster.patch(ref, { type: 'merge', body: { spec: { size: 2 } } });
    expect(cluster.get(ref)?.metadata?.generation).toBe(2);
  });

  it('keeps status out of object patches and metadata out of /status patches', () => {
    const cluster = new FakeCluster();
    cluster.seed({ ...widget, status: { phase: 'Ready' } });
    cluster.patch(ref, {
      type: 'merge',
      body: { status: { phase: 'Hacked' }, metadata: { labels: { a: '1' } } },
    });
    expect(cluster.get(ref)?.status).toEqual({ phase: 'Ready' });
    cluster.patch(ref, {
      type: 'merge',
      subresource: 'status',
      body: { status: { phase: 'Done' }, metadata: { labels: { b: '1' } } },
    });
    expect(cluster.get(ref)?.metadata?.labels).toEqual({ app: 'demo', a: '1' });
    expect(cluster.get(ref)?.status).toEqual({ phase: 'Done' });
  });

  it('delivers ADDED, MODIFIED, DELETED in order to watchers', () => {
    const cluster = new FakeCluster();
    const seen: WatchEvent[] = [];
    const stop = cluster.watch((event) => seen.push(event));
    cluster.create(widget);
    cluster.patch(ref, { type: 'merge', body: { metadata: { labels: { a: '1' } } } });
    cluster.delete(ref);
    stop();
    cluster.create(widget);
    expect(seen.map((e) => [e.type, e.object.metadata?.resourceVersion])).toEqual([
      ['ADDED', '1'],
      ['MODIFIED', '2'],
      ['DELETED', '3'],
    ]);
  });

  it('keeps an object with finalizers, with deletionTimestamp, until they are removed', () => {
    const cluster = new FakeCluster({ clock: () => new Date('2026-01-01T00:00:00Z') });
    const seen: string[] = [];
    cluster.watch((event) => seen.push(event.type));
    cluster.create({ ...widget, metadata: { ...widget.metadata, finalizers: ['example.com/f'] } });
    cluster.delete(ref);
    expect(cluster.get(ref)?.metadata).toMatchObject({
      deletionTimestamp: '2026-01-01T00:00:00.000Z',
      generation: 2,
    });
    cluster.patch(ref, { type: 'merge', body: { metadata: { deletionTimestamp: null } } });
    expect(cluster.get(ref)?.metadata?.deletionTimestamp).toBeDefined();
    cluster.patch(ref, { type: 'merge', body: { metadata: { finalizers: null } } });
    expect(cluster.get(ref)).toBeUndefined();
    expect(seen).toEqual(['ADDED', 'MODIFIED', 'MODIFIED', 'DELETED']);
  });

  it('answers 404 for a missing object and records every Event', () => {
    const cluster = new FakeCluster();
    expect(failure(() => cluster.patch(ref, { type: 'merge', body: {} }))).toMatchObject({
      kind: 'not-found',
    });
    expect(failure(() => cluster.delete(ref))).toMatchObject({ statusCode: 404 });
    cluster.recordEvent(ref, { type: 'Normal', reason: 'Paused', message: 'm' });
    expect(cluster.events).toEqual([
      { type: 'Normal', reason: 'Paused', message: 'm', ref, actor: 'pause' },
    ]);
  });
});
