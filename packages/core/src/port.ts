import type { ConditionChange, MetadataWrite, PauseEvent } from './decision.ts';
import type { KubeObject, ObjectRef } from './kube-object.ts';

/**
 * The port every adapter implements: the four things pause needs from a cluster. Methods
 * throw {@link PauseApiError} (see `kind`) on failure; anything else thrown is treated as
 * `unknown`.
 */
export interface PauseClient {
  /** GET the object; `undefined` when it does not exist (404). */
  read(ref: ObjectRef): Promise<KubeObject | undefined>;
  /**
   * Merge-patch `metadata.labels` / `metadata.annotations` (`null` deletes a key), carrying
   * `write.resourceVersion` as a precondition when set. Returns the object as stored.
   */
  writeMetadata(ref: ObjectRef, write: MetadataWrite): Promise<KubeObject>;
  /**
   * Apply one condition change to the `/status` subresource of the object `base` was read
   * as, so that no entry of another type is replaced or dropped (e.g. the JSON Patch of
   * `conditionJsonPatch(base, change)`, or server-side apply). A write that lost the race to
   * another writer must fail with kind `conflict`. Returns the object as stored.
   */
  writeCondition(ref: ObjectRef, base: KubeObject, change: ConditionChange): Promise<KubeObject>;
  /** Record a Kubernetes Event about `object` (best effort: failures become warnings). */
  recordEvent(object: KubeObject, event: PauseEvent): Promise<void>;
}
