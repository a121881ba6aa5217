import { randomBytes } from 'node:crypto';
import type { KubeObject, ObjectRef } from '@pause/core';
import type { ConformanceHarness, TestObjectInit } from '@pause/testing/conformance';
import type { RealCluster } from './cluster.ts';
import { listEvents } from './events.ts';
import { writeOtherCondition } from './other-writer.ts';
import { apiVersionOf, refTo, type TestResource } from './resource.ts';
import { userObjects } from './user-objects.ts';

/** Options of {@link createTestObjects}. */
export interface TestObjectsOptions {
  cluster: RealCluster;
  /** The resource of the test objects (its CRD is ensured). */
  resource: TestResource;
  /** Namespace of the test objects, ensured (ignored for a cluster-scoped resource). */
  namespace: string;
}

/**
 * The user's and the other controller's side of a {@link ConformanceHarness}: test objects of
 * one resource, acted on directly on the server with raw HTTPS (never through an adapter).
 */
export interface TestObjects extends Omit<ConformanceHarness, 'client' | 'faults'> {
  readonly resource: TestResource;
  /** Namespace of the test objects (`undefined` for a cluster-scoped resource). */
  readonly namespace: string | undefined;
}

/**
 * {@link TestObjects} on the real server: ensures the CRD and the namespace; objects get unique
 * names and `spec: { size: 1 }`; `cleanup()` removes their finalizers, then deletes them.
 */
export async function createTestObjects(options: TestObjectsOptions): Promise<TestObjects> {
  const { cluster, resource } = options;
  const { endpoint } = cluster;
  const namespace = resource.namespaced ? options.namespace : undefined;
  await cluster.ensureCrd(resource);
  if (namespace) await cluster.ensureNamespace(namespace);
  const objects = userObjects(endpoint, resource);
  const created: ObjectRef[] = [];

  return {
    resource,
    namespace,
    async createObject(init: TestObjectInit = {}): Promise<KubeObject> {
      const ref = refTo(resource, `obj-${randomBytes(4).toString('hex')}`, namespace);
      const metadata: Record<string, unknown> = { name: ref.name };
      if (namespace) metadata.namespace = namespace;
      if (init.labels) metadata.labels = init.labels;
      if (init.annotations) metadata.annotations = init.annotations;
      if (init.finalizers) metadata.finalizers = init.finalizers;
      const object = await objects.create({
        apiVersion: apiVersionOf(resource),
        kind: resource.kind,
        metadata,
        spec: { size: 1 },
      });
      created.push(ref);
      if (init.status === undefined) return object;
      return objects.mergePatch(ref, { status: init.status }, 'status');
    },
    getObject: (ref) => objects.get(ref),
    patchMetadata: (ref, patch) => objects.mergePatch(ref, { metadata: patch }),
    patchSpec: (ref, spec) => objects.mergePatch(ref, { spec }),
    writeOtherCondition: (ref, condition) =>
      writeOtherCondition(endpoint, resource, ref, condition, objects),
    deleteObject: (ref) => objects.delete(ref),
    removeFinalizers: (ref) => objects.removeFinalizers(ref),
    listEvents: (ref) => listEvents(endpoint, ref),
    async cleanup() {
      for (const ref of created.splice(0)) {
        await objects.removeFinalizers(ref);
        await objects.delete(ref);
      }
    },
  };
}
