import type { ObjectRef } from '@pause/core';
import { type CrdManifest, testCrd } from '@pause/kube-harness';

/**
 * A custom resource type of a test suite: where its objects live and how its CRD declares
 * `status.conditions`. Has the fields of the adapters' resource descriptors (client-node's
 * `CustomResource`), so it can be passed to them as is.
 */
export interface TestResource {
  /** API group, e.g. `widgets.pause.test`. */
  group: string;
  /** Served and stored version, e.g. `v1`. */
  version: string;
  kind: string;
  plural: string;
  /** `false` for a cluster-scoped resource. */
  namespaced: boolean;
  /**
   * `free`: `status` is not validated, so malformed status can be stored and the conditions
   * list is atomic; `map`: `status.conditions` is a map-list keyed by `type` (server-side apply
   * merges per entry).
   */
  conditions: 'map' | 'free';
  /** With `map`: validate entries like `metav1.Condition` (`strict`, default) or only `type`. */
  conditionSchema?: 'strict' | 'lenient';
}

/** `group/version` of the resource's objects. */
export function apiVersionOf(resource: TestResource): string {
  return `${resource.group}/${resource.version}`;
}

/**
 * REST path, directly on the server, of the resource's collection (no `name`), of one object,
 * or of one object's `/status`. `namespace` is ignored for cluster-scoped resources.
 */
export function resourcePath(
  resource: TestResource,
  namespace?: string,
  name?: string,
  subresource?: 'status',
): string {
  const ns = resource.namespaced ? `/namespaces/${namespace}` : '';
  const object = name ? `/${name}${subresource ? `/${subresource}` : ''}` : '';
  return `/apis/${apiVersionOf(resource)}${ns}/${resource.plural}${object}`;
}

/** The {@link ObjectRef} of object `name` of the resource (in `namespace` when namespaced). */
export function refTo(resource: TestResource, name: string, namespace?: string): ObjectRef {
  const ref: ObjectRef = { apiVersion: apiVersionOf(resource), kind: resource.kind, name };
  return resource.namespaced && namespace ? { ...ref, namespace } : ref;
}

/** The CustomResourceDefinition of the resource (with a `/status` subresource). */
export function crdOf(resource: TestResource): CrdManifest {
  return testCrd({
    group: resource.group,
    version: resource.version,
    kind: resource.kind,
    plural: resource.plural,
    scope: resource.namespaced ? 'Namespaced' : 'Cluster',
    conditions: resource.conditions,
    ...(resource.conditionSchema ? { conditionSchema: resource.conditionSchema } : {}),
  });
}
