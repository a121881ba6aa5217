import {
  type Condition,
  type KubeObject,
  type MetadataWrite,
  PauseReasons,
  type PolicyDeclaration,
} from '@pause/core';
import { metadataWrite } from './metadata-write.ts';
import { namespacePauseOf } from './namespace-model.ts';

/** The names the CLI uses on objects: from flags, else from the CRD's `pause.dev/policy`. */
export interface CliPolicy {
  labelKey: string;
  reasonAnnotation: string | undefined;
  untilAnnotation: string | undefined;
  conditionType: string;
  /** The label that pauses a whole Namespace, when the controller declares one. */
  namespaceLabelKey?: string | undefined;
}

/** The policy flags a user gave (`--label-key`, `--reason-annotation`, …). */
export interface PolicyFlags {
  labelKey?: string | undefined;
  reasonAnnotation?: string | undefined;
  untilAnnotation?: string | undefined;
  conditionType?: string | undefined;
}

/** True when every policy name is given by a flag, so the CRD need not be read. */
export function flagsComplete(flags: PolicyFlags): boolean {
  return (
    flags.labelKey !== undefined &&
    flags.reasonAnnotation !== undefined &&
    flags.untilAnnotation !== undefined &&
    flags.conditionType !== undefined
  );
}

/** Flags win field by field over the declaration; `undefined` when there is no label key. */
export function mergePolicy(
  flags: PolicyFlags,
  declared: PolicyDeclaration | undefined,
): CliPolicy | undefined {
  const labelKey = flags.labelKey ?? declared?.labelKey;
  if (labelKey === undefined) return undefined;
  return {
    labelKey,
    reasonAnnotation: flags.reasonAnnotation ?? declared?.reasonAnnotation,
    untilAnnotation: flags.untilAnnotation ?? declared?.untilAnnotation,
    conditionType: flags.conditionType ?? declared?.conditionType ?? 'Paused',
    namespaceLabelKey: declared?.namespaceLabelKey,
  };
}

/** What a pause writes besides the label. */
export interface PauseRequest {
  /** The label value: who pauses. */
  by: string;
  reason?: string | undefined;
  /** RFC 3339. */
  until?: string | undefined;
}

/**
 * The metadata write that pauses `object`, or `undefined` when it is paused already as asked.
 * A label already there is kept (it says who paused first); the reason and until annotations
 * are set when given.
 */
export function pauseWrite(
  object: KubeObject,
  policy: CliPolicy,
  request: PauseRequest,
): MetadataWrite | undefined {
  const labels: Record<string, string> =
    object.metadata?.labels?.[policy.labelKey] === undefined
      ? { [policy.labelKey]: request.by }
      : {};
  const wanted: Record<string, string> = {};
  if (request.reason !== undefined && policy.reasonAnnotation) {
    wanted[policy.reasonAnnotation] = request.reason;
  }
  if (request.until !== undefined && policy.untilAnnotation) {
    wanted[policy.untilAnnotation] = request.until;
  }
  return metadataWrite(object, labels, wanted);
}

/** The metadata write that resumes `object` (label, reason and until removed), or `undefined`. */
export function resumeWrite(object: KubeObject, policy: CliPolicy): MetadataWrite | undefined {
  const wanted: Record<string, null> = {};
  if (policy.reasonAnnotation) wanted[policy.reasonAnnotation] = null;
  if (policy.untilAnnotation) wanted[policy.untilAnnotation] = null;
  return metadataWrite(object, { [policy.labelKey]: null }, wanted);
}

/** The object's condition of the policy's type. */
export function pauseCondition(
  object: KubeObject,
  policy: Pick<CliPolicy, 'conditionType'>,
): Condition | undefined {
  const status = object.status as { conditions?: unknown } | undefined;
  if (!Array.isArray(status?.conditions)) return undefined;
  return (status.conditions as Condition[]).find((c) => c?.type === policy.conditionType);
}

/**
 * True when the controller has confirmed the state: paused: the condition is `True` with
 * `observedGeneration` equal to `metadata.generation`; resumed: the condition is gone or not `True`.
 */
export function confirmed(
  object: KubeObject,
  policy: Pick<CliPolicy, 'conditionType'>,
  paused: boolean,
): boolean {
  const condition = pauseCondition(object, policy);
  if (!paused) return condition === undefined || condition.status !== 'True';
  return (
    condition !== undefined &&
    condition.status === 'True' &&
    condition.observedGeneration !== undefined &&
    condition.observedGeneration === object.metadata?.generation
  );
}

/** One line of `kubectl pause status`. */
export interface StatusRow {
  name: string;
  namespace: string | undefined;
  paused: boolean;
  /** The label value: a person, or the controller's id (of the Namespace when paused by it). */
  by: string | undefined;
  /** True when the controller paused it itself (condition reason `PausedByController`). */
  byController: boolean;
  /** The Namespace that pauses it (its `namespaceLabelKey`); the object has no label itself. */
  byNamespace: string | undefined;
  /** The condition's `lastTransitionTime` while paused. */
  since: string | undefined;
  /** The reason annotation (the Namespace's when paused by it), else the condition's message. */
  why: string | undefined;
  until: string | undefined;
  /** The controller has confirmed the current state (see {@link confirmed}). */
  observed: boolean;
}

/** What a status row knows about the object's Namespace, for a namespace pause. */
export interface NamespaceContext {
  /** The object's Namespace as read; `undefined` when it could not be read. */
  namespace: KubeObject | undefined;
  /** The time an `until` on the Namespace is compared with. */
  nowMs: number;
}

function namespacePausing(
  object: KubeObject,
  policy: CliPolicy,
  context: NamespaceContext | undefined,
): Pick<StatusRow, 'by' | 'byNamespace' | 'why' | 'until'> | undefined {
  const name = object.metadata?.namespace;
  if (policy.namespaceLabelKey === undefined || !name) return undefined;
  if (context?.namespace === undefined) {
    // The Namespace is unknown: trust the controller's condition.
    const condition = pauseCondition(object, policy);
    if (condition?.status !== 'True' || condition.reason !== PauseReasons.PausedByNamespace) {
      return undefined;
    }
    return { by: undefined, byNamespace: name, why: undefined, until: undefined };
  }
  const keys = {
    labelKey: policy.namespaceLabelKey,
    reasonAnnotations: policy.reasonAnnotation ? [policy.reasonAnnotation] : [],
    untilAnnotations: policy.untilAnnotation ? [policy.untilAnnotation] : [],
  };
  const pause = namespacePauseOf(context.namespace, keys, context.nowMs);
  if (pause.state !== 'paused') return undefined;
  return { by: pause.by, byNamespace: name, why: pause.why, until: pause.until };
}

/**
 * The {@link StatusRow} of `object`. Paused means its own label; else, when the policy has a
 * `namespaceLabelKey`, that label on its Namespace (its `until` not reached), as read in
 * `context`, or, when the Namespace is unknown, a `True` condition of reason `PausedByNamespace`.
 */
export function statusRow(
  object: KubeObject,
  policy: CliPolicy,
  context?: NamespaceContext,
): StatusRow {
  const meta = object.metadata ?? {};
  const label = meta.labels?.[policy.labelKey];
  const byNamespace = label === undefined ? namespacePausing(object, policy, context) : undefined;
  const paused = label !== undefined || byNamespace !== undefined;
  const condition = pauseCondition(object, policy);
  const conditionTrue = condition?.status === 'True';
  const reason = policy.reasonAnnotation ? meta.annotations?.[policy.reasonAnnotation] : undefined;
  const until = policy.untilAnnotation ? meta.annotations?.[policy.untilAnnotation] : undefined;
  const why = byNamespace ? byNamespace.why : reason;
  return {
    name: meta.name ?? '',
    namespace: meta.namespace,
    paused,
    by: byNamespace ? byNamespace.by : label,
    byController:
      label !== undefined && conditionTrue && condition?.reason === 'PausedByController',
    byNamespace: byNamespace?.byNamespace,
    since: conditionTrue ? condition?.lastTransitionTime : undefined,
    why: paused ? why || (conditionTrue ? condition?.message : undefined) : undefined,
    until: byNamespace ? byNamespace.until : label !== undefined ? until : undefined,
    observed: confirmed(object, policy, paused),
  };
}

const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;

/** A valid label value naming `who` (invalid characters become `-`), or `kubectl-pause`. */
export function labelValueFor(who: string | undefined): string {
  const cleaned = (who ?? '')
    .replace(/[^-A-Za-z0-9_.]/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return LABEL_VALUE.test(cleaned) ? cleaned : 'kubectl-pause';
}

/** Runs `work` over `items` with at most `limit` at a time, in order of start. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
