import {
  type ConditionChange,
  conditionJsonPatch,
  type KubeObject,
  type MetadataWrite,
} from '@pause/core';
import type { ClusterConnection } from './cluster-connection.ts';

const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';

/**
 * The guarded condition write: a JSON Patch (RFC 6902) on the object's `/status` subresource
 * made by `conditionJsonPatch(base, change)`. Its first op tests
 * `/metadata/resourceVersion` (the server answers 422 when another writer got there first:
 * `@pause/core` classifies that answer as kind `conflict`), and it edits only entries of `change`'s condition type by
 * index, so no other writer's condition is ever replaced or dropped. kfc's own `PatchStatus`
 * (a merge patch of `{status}`, no precondition) would replace the whole `conditions` list, and
 * its `Patch` cannot reach `/status`; so this request goes through {@link ClusterConnection}.
 *
 * Returns `base` unchanged when there is nothing to write.
 */
export async function patchConditionGuarded(
  connection: ClusterConnection,
  statusPath: string,
  base: KubeObject,
  change: ConditionChange,
): Promise<KubeObject> {
  const operations = conditionJsonPatch(base, change);
  if (operations.length === 0) return base;
  const type = change.op === 'set' ? change.condition.type : change.type;
  const operation = `${change.op} condition ${type} on ${statusPath}`;
  return connection.send<KubeObject>({
    method: 'PATCH',
    path: statusPath,
    body: operations,
    contentType: JSON_PATCH,
    operation,
  });
}

/**
 * The label/annotation write: a JSON merge patch of `metadata.labels` /
 * `metadata.annotations` (maps merge, `null` deletes a key, a missing map is created), carrying
 * `metadata.resourceVersion` when the write asks for it (the server answers 409 when stale).
 * kfc's `Patch` only sends JSON Patch, whose `add` fails on a missing `labels` map and whose
 * `remove` fails on a missing key; the merge patch has neither problem.
 */
export async function patchMetadata(
  connection: ClusterConnection,
  objectPath: string,
  write: MetadataWrite,
): Promise<KubeObject> {
  const metadata: Record<string, unknown> = {};
  if (write.labels) metadata.labels = write.labels;
  if (write.annotations) metadata.annotations = write.annotations;
  if (write.resourceVersion) metadata.resourceVersion = write.resourceVersion;
  return connection.send<KubeObject>({
    method: 'PATCH',
    path: objectPath,
    body: { metadata },
    contentType: MERGE_PATCH,
    operation: `patch metadata of ${objectPath}`,
  });
}
