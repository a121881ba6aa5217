import type { Condition, KubeObject, MetadataWrite, PolicyDeclaration } from '@pause/core';

/** The names the CLI uses on objects: from flags, else from the CRD's `pause.dev/policy`. */
export interface CliPolicy {
  labelKey: string;
  reasonAnnotation: string | undefined;
  untilAnnotation: string | undefined;
  conditionType: string;
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

function changed(
  current: Record<string, string> | undefined,
  wanted: Record<string, string | null>,
): Record<string, string | null> | undefined {
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(wanted)) {
    const now = current?.[key];
    if (value === null ? now !== undefined : now !== value) out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function write(
  labels: Record<string, string | null> | undefined,
  annotations: Record<string, string | null> | undefined,
): MetadataWrite | undefined {
  if (!labels && !annotations) return undefined;
  return {
    kind: 'metadata',
    ...(labels ? { labels } : {}),
    ...(annotations ? { annotations } : {}),
  };
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
  const meta = object.metadata ?? {};
  const labels =
    meta.labels?.[policy.labelKey] === undefined ? { [policy.labelKey]: request.by } : undefined;
  const wanted: Record<string, string> = {};
  if (request.reason !== undefined && policy.reasonAnnotation) {
    wanted[policy.reasonAnnotation] = request.reason;
  }
  if (request.until !== undefined && policy.untilAnnotation) {
    wanted[policy.untilAnnotation] = request.until;
  }
  return write(labels, changed(meta.annotations, wanted));
}

/** The metadata write that resumes `object` (label, reason and until removed), or `undefined`. */
export function resumeWrite(object: KubeObject, policy: CliPolicy): MetadataWrite | undefined {
  const meta = object.metadata ?? {};
  const labels = changed(meta.labels, { [policy.labelKey]: null });
  const wanted: Record<string, null> = {};
  if (policy.reasonAnnotation) wanted[policy.reasonAnnotation] = null;
  if (policy.untilAnnotation) wanted[policy.untilAnnotation] = null;
  return write(labels, changed(meta.annotations, wanted));
}

/** The object's condition of the policy's type. */
export function pauseCondition(object: KubeObject, policy: CliPolicy): Condition | undefined {
  const status = object.status as { conditions?: unknown } | undefined;
  if (!Array.isArray(status?.conditions)) return undefined;
  return (status.conditions as Condition[]).find((c) => c?.type === policy.conditionType);
}

/**
 * True when the controller has confirmed the state: paused: the condition is `True` with
 * `observedGeneration` equal to `metadata.generation`; resumed: the condition is gone or not `True`.
 */
export function confirmed(object: KubeObject, policy: CliPolicy, paused: boolean): boolean {
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
  /** The label value: a person, or the controller's id. */
  by: string | undefined;
  /** True when the controller paused it itself (condition reason `PausedByController`). */
  byController: boolean;
  /** The condition's `lastTransitionTime` while paused. */
  since: string | undefined;
  /** The reason annotation, else the condition's message. */
  why: string | undefined;
  until: string | undefined;
  /** The controller has confirmed the current state (see {@link confirmed}). */
  observed: boolean;
}

/** The {@link StatusRow} of `object`. */
export function statusRow(object: KubeObject, policy: CliPolicy): StatusRow {
  const meta = object.metadata ?? {};
  const by = meta.labels?.[policy.labelKey];
  const paused = by !== undefined;
  const condition = pauseCondition(object, policy);
  const conditionTrue = condition?.status === 'True';
  const reason = policy.reasonAnnotation ? meta.annotations?.[policy.reasonAnnotation] : undefined;
  return {
    name: meta.name ?? '',
    namespace: meta.namespace,
    paused,
    by,
    byController: paused && conditionTrue && condition?.reason === 'PausedByController',
    since: conditionTrue ? condition?.lastTransitionTime : undefined,
    why: paused ? reason || (conditionTrue ? condition?.message : undefined) : undefined,
    until:
      paused && policy.untilAnnotation ? meta.annotations?.[policy.untilAnnotation] : undefined,
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
