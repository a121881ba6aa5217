/**
 * The informer's transport against a real kube-apiserver. `PoolWatch` (client-node's `Watch`
 * contract on the shared pool, lines cut by hand): events in order, the transform, events
 * larger than one chunk, the caller's abort, a refused watch's message, 410 and the inactivity
 * timeout. `listInPages`: pages of one snapshot, and one full list when a continue token
 * expires. And the controller's default of stripping `managedFields`.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { refOf } from '@pause/core/adapter';
import { createKubeConnection, type KubeConnection } from '@pause/http';
import {
  connectRealCluster,
  createTestObjects,
  resourcePath,
  type TestObjects,
  waitFor,
} from '@pause/real-cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listInPages } from '../../src/controller/paged-list.ts';
import { PoolWatch } from '../../src/controller/pool-watch.ts';
import { createPausableController } from '../../src/index.ts';
import { kubeConfigOf, testResource } from './cluster.ts';

const NAMESPACE = 'pause-client-node-pool-watch';
const resource = testResource('free', true);
const cluster = connectRealCluster();
const LABEL = 'pool-watch.pause.test/paused';

interface Seen {
  events: Array<{ type: string; object: KubernetesObject }>;
  done: unknown[];
}

/** Watches one object by name from `resourceVersion`; records events and `done` calls. */
async function watchOne(
  watch: PoolWatch,
  name: string,
  resourceVersion?: string,
): Promise<Seen & { abort(): void }> {
  const seen: Seen = { events: [], done: [] };
  const controller = await watch.watch(
    resourcePath(resource, NAMESPACE),
    {
      fieldSelector: `metadata.name=${name}`,
      ...(resourceVersion ? { resourceVersion } : {}),
    },
    (type, object) => seen.events.push({ type, object }),
    (error) => seen.done.push(error),
  );
  return Object.assign(seen, { abort: () => controller.abort() });
}

describe('PoolWatch against a real kube-apiserver', () => {
  let objects: TestObjects | undefined;
  let connection: KubeConnection | undefined;
  const h = () => objects as TestObjects;
  const pool = () => connection as KubeConnection;

  beforeAll(async () => {
    objects = await createTestObjects({ cluster, resource, namespace: NAMESPACE });
    connection = createKubeConnection({ kubeConfig: kubeConfigOf(cluster.info.kubeConfig) });
  });

  afterAll(async () => {
    await connection?.close();
    await objects?.cleanup();
  });

  it('delivers ADDED, MODIFIED and DELETED in order, transformed, and ends with done(null) once when aborted', async () => {
    const created = await h().createObject();
    const ref = refOf(created);
    const transformed: string[] = [];
    const watch = new PoolWatch(pool(), {
      transform: (object) => {
        transformed.push(object.metadata?.resourceVersion ?? '');
        delete object.metadata?.managedFields;
      },
    });
    const seen = await watchOne(watch, ref.name);
    await waitFor('ADDED', () => seen.events.length === 1);
    await h().patchMetadata(ref, { labels: { [LABEL]: 'x' } });
    await waitFor('MODIFIED', () => seen.events.length === 2);
    await h().deleteObject(ref);
    await waitFor('DELETED', () => seen.events.length === 3);
    expect(seen.events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(seen.events[1]?.object.metadata?.labels?.[LABEL]).toBe('x');
    // The server sends managedFields (created by a write); the transform removed them in place.
    expect(seen.events.every((e) => e.object.metadata?.managedFields === undefined)).toBe(true);
    expect(transformed).toEqual(seen.events.map((e) => e.object.metadata?.resourceVersion));
    expect(seen.done).toEqual([]);
    seen.abort();
    await waitFor('done after abort', () => seen.done.length === 1);
    expect(seen.done).toEqual([null]);
    seen.abort(); // twice: still one done
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.done).toEqual([null]);
  });

  it('parses an event far larger than one chunk of the stream', async () => {
    const created = await h().createObject();
    const ref = refOf(created);
    const seen = await watchOne(new PoolWatch(pool()), ref.name);
    await waitFor('ADDED', () => seen.events.length === 1);
    // 200 KiB of multi-byte text: many TCP/HTTP-2 frames, with UTF-8 sequences cut between them.
    const big = 'ä€😀'.repeat(20_000);
    await h().patchMetadata(ref, { annotations: { 'pool-watch.pause.test/big': big } });
    await waitFor('the big MODIFIED', () => seen.events.length === 2);
    expect(seen.events[1]?.object.metadata?.annotations?.['pool-watch.pause.test/big']).toBe(big);
    seen.abort();
  });

  it('a refused watch ends with done(error): statusCode and the server’s message naming the verb', async () => {
    // `limited-1` has no RBAC on the test resource.
    const limited = createKubeConnection({
      kubeConfig: kubeConfigOf({ ...cluster.info.kubeConfig, currentContext: 'limited-1' }),
    });
    try {
      const seen = await watchOne(new PoolWatch(limited), 'any');
      await waitFor('done', () => seen.done.length === 1);
      const error = seen.done[0] as Error & { statusCode: number };
      expect(error.statusCode).toBe(403);
      expect(error.message).toMatch(/^Forbidden: .*"limited-1" cannot watch resource/);
      expect(seen.events).toEqual([]);
    } finally {
      await limited.close();
    }
  });

  it('a resourceVersion too old is reported as the 410 ERROR event, then the watch ends', async () => {
    const ref = refOf(await h().createObject());
    const seen = await watchOne(new PoolWatch(pool()), ref.name, '1');
    await waitFor('done', () => seen.done.length === 1);
    expect(seen.events.map((e) => e.type)).toEqual(['ERROR']);
    expect(seen.events[0]?.object).toMatchObject({ code: 410 });
    expect(seen.done).toEqual([null]);
  });

  it('a watch without a byte for inactivityMs ends with a TimeoutError (ListWatch re-watches at once)', async () => {
    const ref = refOf(await h().createObject());
    const listed = (await pool().send({
      method: 'GET',
      path: resourcePath(resource, NAMESPACE),
      operation: 'list',
    })) as { metadata: { resourceVersion: string } };
    const started = performance.now();
    const seen = await watchOne(
      new PoolWatch(pool(), { inactivityMs: 400 }),
      ref.name,
      listed.metadata.resourceVersion,
    );
    await waitFor('done', () => seen.done.length === 1, 10_000);
    expect(performance.now() - started).toBeGreaterThanOrEqual(350);
    expect((seen.done[0] as Error).name).toBe('TimeoutError');
    expect(seen.events).toEqual([]);
  });

  it('listInPages lists in pages of one snapshot (the first page’s resourceVersion), transformed', async () => {
    const namespace = `${NAMESPACE}-pages`;
    const paged = await createTestObjects({ cluster, resource, namespace });
    try {
      for (let i = 0; i < 7; i++) await paged.createObject();
      const path = resourcePath(resource, namespace);
      const before = pool().stats().requests;
      const listed = await listInPages({
        connection: pool(),
        path,
        pageSize: 3,
        transform: (object) => {
          delete object.metadata?.managedFields;
        },
      });
      expect(pool().stats().requests - before).toBe(3); // 3 + 3 + 1
      expect(listed.items).toHaveLength(7);
      expect(new Set(listed.items.map((o) => o.metadata?.name)).size).toBe(7);
      expect(listed.items.every((o) => o.metadata?.managedFields === undefined)).toBe(true);
      const whole = (await pool().send({ method: 'GET', path, operation: 'list' })) as {
        metadata: { resourceVersion: string };
      };
      // Nothing changed in between: the snapshot's version is the collection's.
      expect(listed.metadata?.resourceVersion).toBe(whole.metadata.resourceVersion);
    } finally {
      await paged.cleanup();
    }
  });

  it('listInPages lists again in one request when a continue token expires (410)', async () => {
    const namespace = `${NAMESPACE}-expired`;
    const paged = await createTestObjects({ cluster, resource, namespace });
    const proxy = await cluster.startFaultProxy();
    const viaProxy = createKubeConnection({ kubeConfig: kubeConfigOf(proxy.kubeConfig) });
    try {
      for (let i = 0; i < 5; i++) await paged.createObject();
      const path = resourcePath(resource, namespace);
      let lists = 0;
      proxy.failNext(
        (request) => request.method === 'GET' && request.path === path && ++lists === 2,
        { kind: 'status', statusCode: 410, message: 'The provided continue parameter is too old' },
      );
      const listed = await listInPages({ connection: viaProxy, path, pageSize: 2 });
      expect(proxy.stats().faulted).toBe(1);
      expect(listed.items).toHaveLength(5); // not 2 + 5: the first page was dropped
      expect(new Set(listed.items.map((o) => o.metadata?.name)).size).toBe(5);
      expect(listed.metadata?.resourceVersion).not.toBe('');
    } finally {
      await viaProxy.close();
      await proxy.close();
      await paged.cleanup();
    }
  });

  it('the controller’s objects come without managedFields unless keepManagedFields', async () => {
    for (const keepManagedFields of [false, true]) {
      const seen: KubernetesObject[] = [];
      const controller = createPausableController({
        kubeConfig: kubeConfigOf(cluster.info.kubeConfig),
        resource,
        namespace: NAMESPACE,
        pause: { labelKey: LABEL },
        ...(keepManagedFields ? { keepManagedFields } : {}),
        reconcile: async (object) => {
          seen.push(object as KubernetesObject);
        },
      });
      try {
        const listedBefore = refOf(await h().createObject());
        await controller.start();
        const watchedAfter = refOf(await h().createObject());
        await waitFor('both reconciled', () =>
          [listedBefore, watchedAfter].every((ref) =>
            seen.some((object) => object.metadata?.name === ref.name),
          ),
        );
        for (const ref of [listedBefore, watchedAfter]) {
          const object = seen.find((o) => o.metadata?.name === ref.name);
          expect(object?.metadata?.managedFields !== undefined).toBe(keepManagedFields);
          const cached = controller.informer?.informer.get(ref.name, NAMESPACE);
          expect(cached?.metadata?.managedFields !== undefined).toBe(keepManagedFields);
        }
      } finally {
        await controller.stop();
      }
    }
  });
});
