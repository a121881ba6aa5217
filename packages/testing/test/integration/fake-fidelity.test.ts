import { randomBytes } from 'node:crypto';
import { type KubeObject, PauseApiError } from '@pause/core';
import type { KubeEndpoint } from '@pause/kube-harness';
import { connectRealCluster } from '@pause/real-cluster';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PatchRequest } from '../../src/fake/cluster.ts';
import { FakeCluster } from '../../src/fake/cluster.ts';
import { call, objectPath } from './raw-client.ts';
import { WIDGET } from './resources.ts';

const cluster = connectRealCluster();

/** The same writes, against the fake or the real API server. */
interface Target {
  create(object: KubeObject): Promise<KubeObject>;
  get(): Promise<KubeObject | undefined>;
  patch(request: PatchRequest): Promise<KubeObject>;
  delete(): Promise<void>;
}

type Step = { name: string; run: (target: Target) => Promise<unknown> };

const merge = (body: unknown, subresource?: 'status'): PatchRequest =>
  subresource ? { type: 'merge', body, subresource } : { type: 'merge', body };

/** What is compared after each step: never raw resourceVersions, only how they moved. */
async function trace(target: Target, steps: Step[]) {
  const rows: unknown[] = [];
  let previousRv: string | undefined;
  for (const step of steps) {
    let answer: string | number = 'ok';
    try {
      await step.run(target);
    } catch (error) {
      if (!PauseApiError.isInstance(error)) throw error;
      answer = `${error.statusCode} ${error.reason} ${error.serverMessage?.replace(/"[^"]+"/, '"…"')}`;
    }
    const object = await target.get();
    const rv = object?.metadata?.resourceVersion;
    rows.push({
      step: step.name,
      answer,
      exists: object !== undefined,
      resourceVersionBumped: rv !== undefined && rv !== previousRv,
      generation: object?.metadata?.generation,
      deleting: Boolean(object?.metadata?.deletionTimestamp),
      labels: object?.metadata?.labels,
      status: object?.status,
      spec: object?.spec,
    });
    previousRv = rv;
  }
  return rows;
}

const steps = (staleRv: () => string): Step[] => [
  { name: 'label', run: (t) => t.patch(merge({ metadata: { labels: { a: '1' } } })) },
  { name: 'same label again', run: (t) => t.patch(merge({ metadata: { labels: { a: '1' } } })) },
  { name: 'status', run: (t) => t.patch(merge({ status: { phase: 'A' } }, 'status')) },
  {
    name: 'status through the object',
    run: (t) => t.patch(merge({ status: { phase: 'B' }, metadata: { labels: { b: '1' } } })),
  },
  {
    name: 'labels through /status',
    run: (t) =>
      t.patch(merge({ status: { phase: 'C' }, metadata: { labels: { c: '1' } } }, 'status')),
  },
  { name: 'spec', run: (t) => t.patch(merge({ spec: { size: 2 } })) },
  {
    name: 'stale merge patch',
    run: (t) => t.patch(merge({ metadata: { resourceVersion: staleRv(), labels: { d: '1' } } })),
  },
  {
    name: 'stale JSON Patch',
    run: (t) =>
      t.patch({
        type: 'json',
        subresource: 'status',
        body: [
          { op: 'test', path: '/metadata/resourceVersion', value: staleRv() },
          { op: 'replace', path: '/status/phase', value: 'D' },
        ],
      }),
  },
  {
    name: 'JSON Patch on a missing path',
    run: (t) =>
      t.patch({ type: 'json', subresource: 'status', body: [{ op: 'remove', path: '/status/x' }] }),
  },
  { name: 'delete with a finalizer', run: (t) => t.delete() },
  {
    name: 'label while deleting',
    run: (t) => t.patch(merge({ metadata: { labels: { e: '1' } } })),
  },
  { name: 'remove finalizers', run: (t) => t.patch(merge({ metadata: { finalizers: null } })) },
];

function widget(namespace: string): KubeObject {
  return {
    apiVersion: 'conformance.pause.dev/v1',
    kind: 'Widget',
    metadata: { name: 'fidelity', namespace, finalizers: ['conformance.pause.dev/hold'] },
    spec: { size: 1 },
  };
}

function fakeTarget(): Target {
  const cluster = new FakeCluster();
  const ref = {
    apiVersion: 'conformance.pause.dev/v1',
    kind: 'Widget',
    name: 'fidelity',
    namespace: 'ns',
  };
  return {
    create: async (object) => cluster.create(object),
    get: async () => cluster.get(ref),
    patch: async (request) => cluster.patch(ref, request),
    delete: async () => cluster.delete(ref),
  };
}

function realTarget(endpoint: KubeEndpoint, namespace: string): Target {
  const ref = {
    apiVersion: 'conformance.pause.dev/v1',
    kind: 'Widget',
    name: 'fidelity',
    namespace,
  };
  const path = objectPath(ref);
  return {
    create: async (object) =>
      (
        await call(endpoint, 'create', {
          method: 'POST',
          path: path.replace(/\/fidelity$/, ''),
          body: object,
        })
      ).body,
    get: () =>
      call(endpoint, 'get', { method: 'GET', path }).then(
        (response) => response.body,
        () => undefined,
      ),
    patch: async (request) =>
      (
        await call(endpoint, 'patch', {
          method: 'PATCH',
          path: objectPath(ref, request.subresource === 'status' ? '/status' : ''),
          body: request.body,
          contentType:
            request.type === 'json'
              ? 'application/json-patch+json'
              : 'application/merge-patch+json',
        })
      ).body,
    delete: async () => {
      await call(endpoint, 'delete', { method: 'DELETE', path });
    },
  };
}

describe('the fake answers like kube-apiserver 1.20', () => {
  let real: Target;
  const namespace = `fidelity-${randomBytes(3).toString('hex')}`;
  beforeAll(async () => {
    await cluster.ensureCrd(WIDGET);
    await cluster.ensureNamespace(namespace);
    real = realTarget(cluster.endpoint, namespace);
  }, 120_000);

  it('same answers, resourceVersion moves, generation, subresource isolation and deletion', async () => {
    const fake = fakeTarget();
    const fakeCreated = await fake.create(widget('ns'));
    const realCreated = await real.create(widget(namespace));
    const fakeTrace = await trace(
      fake,
      steps(() => String(fakeCreated.metadata?.resourceVersion)),
    );
    const realTrace = await trace(
      real,
      steps(() => String(realCreated.metadata?.resourceVersion)),
    );
    expect(fakeTrace).toEqual(realTrace);
  });
});
