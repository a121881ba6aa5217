import type { KubeObject } from '@pause/core';

/** Everything but `metadata` and `status`: what `metadata.generation` tracks. */
export function specPart(object: KubeObject): unknown {
  const { metadata: _metadata, status: _status, ...rest } = object;
  return rest;
}

/**
 * What the API server keeps of a patched object: on the `/status` subresource only `status`
 * changes; on the object itself `status` and the server-owned metadata (name, namespace, uid,
 * resourceVersion, generation, creationTimestamp, deletionTimestamp) never do.
 */
export function keepServerFields(
  stored: KubeObject,
  candidate: KubeObject,
  statusOnly: boolean,
): KubeObject {
  if (statusOnly) return { ...structuredClone(stored), status: candidate.status };
  const { status: _ignored, ...rest } = candidate;
  const before = stored.metadata ?? {};
  const metadata: Record<string, unknown> = {
    ...rest.metadata,
    name: before.name,
    namespace: before.namespace,
    uid: before.uid,
    resourceVersion: before.resourceVersion,
    generation: before.generation,
    creationTimestamp: before.creationTimestamp,
    deletionTimestamp: before.deletionTimestamp,
  };
  for (const [key, value] of Object.entries(metadata)) {
    if (value === undefined) delete metadata[key];
  }
  const next: KubeObject = { ...rest, metadata };
  if (stored.status !== undefined) next.status = structuredClone(stored.status);
  return next;
}
