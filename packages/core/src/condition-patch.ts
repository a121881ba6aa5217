import { indexesOfType, readConditions, setCondition } from './conditions.ts';
import type { ConditionChange } from './decision.ts';
import { PauseError } from './errors.ts';
import type { Condition, KubeObject } from './kube-object.ts';

/** One RFC 6902 JSON Patch operation, as the ones {@link conditionJsonPatch} produces. */
export type JsonPatchOperation =
  | { op: 'test'; path: string; value: unknown }
  | { op: 'add' | 'replace'; path: string; value: unknown }
  | { op: 'remove'; path: string };

/**
 * The JSON Patch for `/status` that applies `change` to `base` and nothing else: guarded by a
 * `test` of `/metadata/resourceVersion` (the server answers 422 when another writer got there
 * first) and by a `test` of each touched entry's `type`, it edits entries by index, so entries
 * of other types (another writer's conditions) are never replaced or dropped.
 *
 * Returns `[]` when there is nothing to change. Throws `UNSAFE_CONDITIONS` when
 * `status.conditions` cannot be edited safely (not a list).
 */
export function conditionJsonPatch(
  base: KubeObject,
  change: ConditionChange,
): JsonPatchOperation[] {
  const view = readConditions(base);
  if (!view.writable) {
    throw new PauseError(
      'UNSAFE_CONDITIONS',
      `refusing to write: ${view.warnings.map((w) => w.message).join('; ')}`,
    );
  }
  const ops: JsonPatchOperation[] = [];
  const rv = base.metadata?.resourceVersion;
  if (rv) ops.push({ op: 'test', path: '/metadata/resourceVersion', value: rv });
  const type = change.op === 'set' ? change.condition.type : change.type;
  const indexes = indexesOfType(view.entries, type);
  const removeAt = (index: number) => {
    ops.push({ op: 'test', path: `/status/conditions/${index}/type`, value: type });
    ops.push({ op: 'remove', path: `/status/conditions/${index}` });
  };

  if (change.op === 'remove') {
    if (indexes.length === 0) return [];
    for (const index of [...indexes].reverse()) removeAt(index);
    return ops;
  }

  const [first, ...extra] = indexes;
  for (const index of [...extra].reverse()) removeAt(index);
  if (first !== undefined) {
    const merged = setCondition([view.entries?.[first]], change.condition)[0] as Condition;
    ops.push({ op: 'test', path: `/status/conditions/${first}/type`, value: type });
    ops.push({ op: 'replace', path: `/status/conditions/${first}`, value: merged });
  } else if (view.entries !== undefined) {
    ops.push({ op: 'add', path: '/status/conditions/-', value: change.condition });
  } else if (typeof base.status === 'object' && base.status !== null) {
    ops.push({ op: 'add', path: '/status/conditions', value: [change.condition] });
  } else {
    ops.push({ op: 'add', path: '/status', value: { conditions: [change.condition] } });
  }
  return ops;
}

/**
 * The server-side apply body for `/status` that states this field manager's one condition
 * (`set`) or none (`remove`). Only safe for CRDs whose `status.conditions` is declared
 * `x-kubernetes-list-type: map` keyed by `type`; otherwise apply replaces the whole list.
 * `lastTransitionTime` is carried over from `base` when the status does not change.
 */
export function conditionApplyPatch(base: KubeObject, change: ConditionChange): KubeObject {
  const { apiVersion, kind } = base;
  const metadata: Record<string, string> = { name: String(base.metadata?.name ?? '') };
  if (base.metadata?.namespace) metadata.namespace = base.metadata.namespace;
  if (change.op === 'remove') return { apiVersion, kind, metadata, status: { conditions: [] } };
  const view = readConditions(base);
  const merged = setCondition(
    view.entries?.filter((entry) => (entry as { type?: unknown })?.type === change.condition.type),
    change.condition,
  )[0] as Condition;
  return { apiVersion, kind, metadata, status: { conditions: [merged] } };
}
