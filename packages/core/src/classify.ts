import { type PauseWarning, readConditionsFinding } from './conditions.ts';
import type { Condition, KubeObject } from './kube-object.ts';
import type { PausePolicy } from './policy.ts';
import { parseRfc3339Memo } from './validation.ts';

/** What every situation carries: the object's current condition and what reading it found. */
export interface ObservedObject {
  /** The object's condition of `policy.conditionType`; `undefined` when absent or not writable. */
  existing: Partial<Condition> | undefined;
  /** False when `status.conditions` cannot be edited without dropping data it holds. */
  writable: boolean;
  /** `metadata.generation` as found; copied into `observedGeneration` when it is a number. */
  generation: unknown;
  /** Problems found while reading the object, in the order found. */
  warnings: PauseWarning[];
}

/** The label is absent (and the Namespace is not paused): reconcile as usual. */
export interface ActiveSituation extends ObservedObject {
  kind: 'active';
  /** The object's namespace, named in the `Resumed` event after a namespace pause. */
  namespace: string | undefined;
}

/** The label is present and its `until` (if any) has not been reached. */
export interface PausedSituation extends ObservedObject {
  /** `paused-deleting`: `metadata.deletionTimestamp` is set as well. */
  kind: 'paused' | 'paused-deleting';
  /**
   * `controller`: the label value is `policy.ownerId`; `label`: a person set it; `namespace`:
   * no label on the object, but its Namespace carries `policy.namespaceLabelKey`.
   */
  by: 'label' | 'controller' | 'namespace';
  /** With `by: 'namespace'`: the Namespace's name. */
  namespace?: string | undefined;
  /** The user's "why" (the reason annotation, of the Namespace when paused by it), as found. */
  userReason: string | undefined;
  /** The `until` annotation as found (the Namespace's when paused by it), valid or not. */
  untilText: string | undefined;
  /** The `until` annotation in epoch milliseconds; `undefined` when absent or invalid. */
  untilMs: number | undefined;
}

/** The label is present but its `until` time has been reached: the pause lifts itself. */
export interface ExpiredSituation extends ObservedObject {
  kind: 'expired';
  /** `metadata.resourceVersion` as read, to guard the label removal. */
  resourceVersion: string | undefined;
  /** The reason annotation is present (it is removed with the label). */
  hasUserReason: boolean;
  /** The object's Namespace pauses it: once the label is gone, it stays paused by it. */
  namespacePause?: PausedSituation | undefined;
}

/** Where an object stands with respect to pause, read once from the object, policy and time. */
export type PauseSituation = ActiveSituation | PausedSituation | ExpiredSituation;

/** An empty map or metadata, shared: standing in for one that is absent (never written). */
const NOTHING: Readonly<Record<string, never>> = Object.freeze({});

/** True when `metadata.deletionTimestamp` is set. */
function isDeleting(object: KubeObject): boolean {
  const ts = object.metadata?.deletionTimestamp;
  return ts !== undefined && ts !== null && ts !== '';
}

/** A label or annotation map as found: anything that is not a plain object counts as empty. */
function stringMap(value: unknown): Record<string, string | undefined> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, string | undefined>)
    : {};
}

/** The pause annotations (`reason`, `until`) of one object or Namespace, as found. */
function pauseAnnotations(
  annotations: Record<string, string | undefined>,
  policy: PausePolicy,
  warnings: PauseWarning[],
  on: string,
): Pick<PausedSituation, 'userReason' | 'untilText' | 'untilMs'> {
  const reason = policy.reasonAnnotation ? annotations[policy.reasonAnnotation] : undefined;
  const until = policy.untilAnnotation ? annotations[policy.untilAnnotation] : undefined;
  const userReason = typeof reason === 'string' ? reason : undefined;
  const untilText = typeof until === 'string' ? until : undefined;
  const untilMs = untilText === undefined ? undefined : parseRfc3339Memo(untilText);
  if (untilText !== undefined && untilMs === undefined) {
    warnings.push({
      code: 'INVALID_UNTIL',
      message: `annotation "${policy.untilAnnotation}"${on} is not an RFC 3339 time ("${untilText}"); the pause has no expiry`,
    });
  }
  return { userReason, untilText, untilMs };
}

/**
 * Reads everything a decision needs from `object` (label, reason, `until`, deletion, the
 * existing condition, whether conditions are writable, warnings) and, with the policy's
 * `namespaceLabelKey`, from its `namespace` object; says which situation it is in at `nowMs`.
 * The object's own label wins over the Namespace's; an expired Namespace pause is inactive.
 * Never throws on odd input: problems become `warnings`.
 */
export function classify(
  object: KubeObject,
  policy: PausePolicy,
  nowMs: number,
  namespace?: KubeObject,
): PauseSituation {
  const view = readConditionsFinding(object, policy.conditionType);
  const warnings = view.warnings;
  const existing = view.found;
  const meta = object.metadata ?? NOTHING;
  const generation = meta.generation;
  const labels = meta.labels ?? NOTHING;
  if (!Object.hasOwn(labels, policy.labelKey)) {
    if (policy.namespaceLabelKey !== undefined && namespace !== undefined) {
      const observed = { existing, writable: view.writable, generation, warnings };
      const byNamespace = namespacePause(object, namespace, policy, nowMs, observed);
      if (byNamespace !== undefined) return byNamespace;
    }
    // Spelled out rather than spread: the not-paused steady state's one situation object.
    return {
      kind: 'active',
      namespace: meta.namespace,
      existing,
      writable: view.writable,
      generation,
      warnings,
    };
  }

  const annotations = meta.annotations ?? NOTHING;
  const found = pauseAnnotations(annotations, policy, warnings, '');
  const { userReason, untilText, untilMs } = found;
  if (untilMs !== undefined && nowMs >= untilMs) {
    const observed = { existing, writable: view.writable, generation, warnings };
    const byNamespace =
      policy.namespaceLabelKey !== undefined && namespace !== undefined
        ? namespacePause(object, namespace, policy, nowMs, observed)
        : undefined;
    return {
      kind: 'expired',
      ...observed,
      resourceVersion: meta.resourceVersion,
      hasUserReason: userReason !== undefined,
      ...(byNamespace ? { namespacePause: byNamespace } : {}),
    };
  }
  const labelValue = labels[policy.labelKey] ?? '';
  return {
    kind: isDeleting(object) ? 'paused-deleting' : 'paused',
    existing,
    writable: view.writable,
    generation,
    warnings,
    by: policy.ownerId !== undefined && labelValue === policy.ownerId ? 'controller' : 'label',
    userReason,
    untilText,
    untilMs,
  };
}

/**
 * The situation of an unlabelled object whose Namespace carries `policy.namespaceLabelKey`
 * (its `until` not reached), or `undefined` when the Namespace does not pause it. A
 * cluster-scoped object, or a Namespace of another name than the object's, never pauses.
 */
function namespacePause(
  object: KubeObject,
  namespace: KubeObject,
  policy: PausePolicy,
  nowMs: number,
  observed: ObservedObject,
): PausedSituation | undefined {
  const name = object.metadata?.namespace;
  if (typeof name !== 'string' || name === '') return undefined;
  const nsMeta = stringMap(namespace.metadata) as NonNullable<KubeObject['metadata']>;
  if (nsMeta.name !== undefined && nsMeta.name !== name) return undefined;
  const nsLabels = stringMap(nsMeta.labels);
  if (!Object.hasOwn(nsLabels, policy.namespaceLabelKey as string)) return undefined;
  const found = pauseAnnotations(
    stringMap(nsMeta.annotations),
    policy,
    observed.warnings,
    ` on namespace "${name}"`,
  );
  if (found.untilMs !== undefined && nowMs >= found.untilMs) return undefined;
  return {
    kind: isDeleting(object) ? 'paused-deleting' : 'paused',
    ...observed,
    by: 'namespace',
    namespace: name,
    ...found,
  };
}
