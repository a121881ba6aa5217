/** Where a kind of object lives in the REST API. */
export interface ResourceCoordinates {
  /** API group, `''` for the core group (`/api/v1`). */
  group: string;
  /** Served version, e.g. `v1`. */
  version: string;
  /** Plural resource name, e.g. `widgets`. */
  plural: string;
  /**
   * `true` for a namespaced resource, `false` for a cluster-scoped one. When not set, an object
   * with a namespace is taken as namespaced.
   */
  namespaced?: boolean | undefined;
}

/**
 * The REST path of one object (`name` given) or of a collection: `/api/v1` for the core group,
 * `/apis/<group>/<version>` otherwise, `namespaces/<ns>/` when namespaced, the plural, the name
 * and an optional subresource such as `status`. Throws when a namespaced object has no namespace.
 */
export function resourcePath(
  resource: ResourceCoordinates,
  at: { name?: string | undefined; namespace?: string | undefined } = {},
  subresource?: 'status',
): string {
  const base = resource.group
    ? `/apis/${resource.group}/${resource.version}`
    : `/api/${resource.version}`;
  const namespaced = resource.namespaced ?? at.namespace !== undefined;
  const segments = [base];
  if (namespaced && at.name !== undefined && !at.namespace) {
    throw new Error(`${resource.plural}/${at.name}: a namespaced resource needs a namespace`);
  }
  if (namespaced && at.namespace) segments.push('namespaces', encodeURIComponent(at.namespace));
  segments.push(resource.plural);
  if (at.name !== undefined) segments.push(encodeURIComponent(at.name));
  if (subresource) segments.push(subresource);
  return segments.join('/');
}
