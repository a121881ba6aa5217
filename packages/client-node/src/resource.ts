import type { ObjectRef } from '@pause/core';

/** The custom resource the adapter works on (a CRD's `group`, served `version`, `plural`). */
export interface CustomResource {
  /** API group, e.g. `example.com`. */
  group: string;
  /** Served version, e.g. `v1`. */
  version: string;
  /** Plural resource name, e.g. `widgets`. */
  plural: string;
  /** `kind`, e.g. `Widget`. */
  kind: string;
  /** `false` for a cluster-scoped resource (`scope: Cluster`). Default `true` (`scope: Namespaced`). */
  namespaced?: boolean;
}

/** Object-param coordinates of one object for client-node's `CustomObjectsApi`. */
export interface CustomObjectCoordinates {
  group: string;
  version: string;
  plural: string;
  name: string;
  namespace?: string;
}

/** The `CustomObjectsApi` coordinates of `ref` (namespace only for namespaced resources). */
export function coordinatesOf(resource: CustomResource, ref: ObjectRef): CustomObjectCoordinates {
  const { group, version, plural } = resource;
  if (resource.namespaced === false) return { group, version, plural, name: ref.name };
  if (!ref.namespace) {
    throw new Error(`${resource.kind} ${ref.name}: a namespaced resource needs a namespace`);
  }
  return { group, version, plural, name: ref.name, namespace: ref.namespace };
}

/** `namespace/name` (or `name` when cluster-scoped): the work-queue key of an object. */
export function keyOf(ref: { name: string; namespace?: string | undefined }): string {
  return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}

/** `apiVersion` of the resource, e.g. `example.com/v1`. */
export function apiVersionOf(resource: CustomResource): string {
  return `${resource.group}/${resource.version}`;
}
