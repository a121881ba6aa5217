import type { Condition, KubeObject, ObjectRef, PauseEvent } from '@pause/core';
import { conditionJsonPatch } from '@pause/core/adapter';
import type { ConformanceHarness, TestObjectInit } from '../conformance/harness.ts';
import { FakePauseClient } from './client.ts';
import { FakeCluster } from './cluster.ts';
import { FakeFaults } from './faults.ts';
import { keyOf } from './records.ts';

/** The fake's {@link ConformanceHarness}, with the fake's own parts exposed for tests. */
export interface FakeHarness extends ConformanceHarness {
  client: FakePauseClient;
  cluster: FakeCluster;
  faults: FakeFaults;
}

/** Options of {@link makeFakeHarness}. */
export interface FakeHarnessOptions {
  /** Use this cluster (default: a new one). */
  cluster?: FakeCluster;
  /** `apiVersion` of the test objects. Default `conformance.pause.dev/v1`. */
  apiVersion?: string;
  /** `kind` of the test objects. Default `Widget`. */
  kind?: string;
  /** Namespace of the test objects. Default `default`. */
  namespace?: string;
}

function required(object: KubeObject | undefined, ref: ObjectRef): KubeObject {
  if (object === undefined) throw new Error(`${ref.kind} ${ref.name} does not exist`);
  return object;
}

/**
 * A {@link ConformanceHarness} over a fresh in-memory {@link FakeCluster}: the adapter under
 * test is a {@link FakePauseClient}; the user and other writers act on the cluster directly.
 */
export function makeFakeHarness(options: FakeHarnessOptions = {}): FakeHarness {
  const cluster = options.cluster ?? new FakeCluster();
  const faults = new FakeFaults();
  const client = new FakePauseClient(cluster, { faults });
  const apiVersion = options.apiVersion ?? 'conformance.pause.dev/v1';
  const kind = options.kind ?? 'Widget';
  const namespace = options.namespace ?? 'default';
  let counter = 0;

  return {
    client,
    cluster,
    faults,
    async createObject(init: TestObjectInit = {}) {
      counter += 1;
      const metadata: KubeObject['metadata'] = { name: `widget-${counter}`, namespace };
      if (init.labels) metadata.labels = { ...init.labels };
      if (init.annotations) metadata.annotations = { ...init.annotations };
      if (init.finalizers) metadata.finalizers = [...init.finalizers];
      const object: KubeObject = { apiVersion, kind, metadata, spec: { size: 1 } };
      if (init.status !== undefined) object.status = structuredClone(init.status);
      return cluster.seed(object);
    },
    async getObject(ref) {
      return cluster.get(ref);
    },
    async patchMetadata(ref, patch) {
      return cluster.patch(ref, { type: 'merge', body: { metadata: patch } });
    },
    async patchSpec(ref, spec) {
      return cluster.patch(ref, { type: 'merge', body: { spec } });
    },
    async writeOtherCondition(ref: ObjectRef, condition: Condition) {
      const current = required(cluster.get(ref), ref);
      return cluster.patch(ref, {
        type: 'json',
        body: conditionJsonPatch(current, { op: 'set', condition }),
        subresource: 'status',
        actor: 'other-writer',
      });
    },
    async deleteObject(ref) {
      cluster.delete(ref);
    },
    async removeFinalizers(ref) {
      cluster.patch(ref, { type: 'merge', body: { metadata: { finalizers: null } } });
    },
    async listEvents(ref): Promise<PauseEvent[]> {
      return cluster.events
        .filter((event) => keyOf(event.ref) === keyOf(ref))
        .map(({ type, reason, message }) => ({ type, reason, message }));
    },
    async cleanup() {
      faults.clear();
      for (const object of cluster.list({ apiVersion, kind })) {
        const ref = { apiVersion, kind, name: String(object.metadata?.name), namespace };
        if ((object.metadata?.finalizers ?? []).length > 0) {
          cluster.patch(ref, { type: 'merge', body: { metadata: { finalizers: null } } });
        }
        if (cluster.get(ref)) cluster.delete(ref);
      }
    },
  };
}
