import { removeCondition, setCondition } from './conditions.ts';
import type { ConditionChange, MetadataWrite, PauseWrite } from './decision.ts';
import type { KubeObject } from './kube-object.ts';

function mergeMap(
  current: Record<string, string> | undefined,
  patch: Record<string, string | null> | undefined,
): Record<string, string> | undefined {
  if (!patch) return current;
  const next: Record<string, string> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return Object.keys(next).length > 0 ? next : undefined;
}

/** `object` with a metadata merge patch applied (labels and annotations; `null` deletes). */
export function applyMetadataWrite(object: KubeObject, write: MetadataWrite): KubeObject {
  const metadata = { ...object.metadata };
  const labels = mergeMap(metadata.labels, write.labels);
  const annotations = mergeMap(metadata.annotations, write.annotations);
  if (labels) metadata.labels = labels;
  else delete metadata.labels;
  if (annotations) metadata.annotations = annotations;
  else delete metadata.annotations;
  return { ...object, metadata };
}

/**
 * `object` with one condition change applied with `meta.SetStatusCondition` /
 * `RemoveStatusCondition` semantics. Entries of other types are kept as they are.
 */
export function applyConditionChange(object: KubeObject, change: ConditionChange): KubeObject {
  const status =
    typeof object.status === 'object' && object.status !== null && !Array.isArray(object.status)
      ? (object.status as Record<string, unknown>)
      : {};
  const entries = Array.isArray(status.conditions) ? status.conditions : undefined;
  const conditions =
    change.op === 'set'
      ? setCondition(entries, change.condition)
      : removeCondition(entries, change.type);
  return { ...object, status: { ...status, conditions } };
}

/**
 * What the object looks like once `writes` are applied, in memory and in order. Adapters do
 * not use it (they send the writes); tests and fakes use it to check decisions converge.
 */
export function applyWrites(object: KubeObject, writes: readonly PauseWrite[]): KubeObject {
  return writes.reduce<KubeObject>(
    (current, write) =>
      write.kind === 'metadata'
        ? applyMetadataWrite(current, write)
        : applyConditionChange(current, write.change),
    object,
  );
}
