import { findCondition, type PauseWarning, readConditions } from './conditions.ts';
import type { Condition, KubeObject } from './kube-object.ts';
import type { PausePolicy } from './policy.ts';
import { parseRfc3339 } from './validation.ts';

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

/** The label is absent: reconcile as usual. */
export interface ActiveSituation extends ObservedObject {
  kind: 'active';
}

/** The label is present and its `until` (if any) has not been reached. */
export interface PausedSituation extends ObservedObject {
  /** `paused-deleting`: `metadata.deletionTimestamp` is set as well. */
  kind: 'paused' | 'paused-deleting';
  /** `controller`: the label value is `policy.ownerId`; `label`: a person set it. */
  by: 'label' | 'controller';
  /** The user's "why" (the reason annotation), as found. */
  userReason: string | undefined;
  /** The `until` annotation as found, valid or not. */
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
}

/** Where an object stands with respect to pause, read once from the object, policy and time. */
export type PauseSituation = ActiveSituation | PausedSituation | ExpiredSituation;

/** True when `metadata.deletionTimestamp` is set. */
function isDeleting(object: KubeObject): boolean {
  const ts = object.metadata?.deletionTimestamp;
  return ts !== undefined && ts !== null && ts !== '';
}

/**
 * Reads everything a decision needs from `object` (label, reason, `until`, deletion, the
 * existing condition, whether conditions are writable, warnings) and says which situation it
 * is in at `nowMs`. Never throws on odd input: problems become `warnings`.
 */
export function classify(object: KubeObject, policy: PausePolicy, nowMs: number): PauseSituation {
  const view = readConditions(object);
  const warnings = view.warnings;
  const existing = view.writable ? findCondition(view.entries, policy.conditionType) : undefined;
  const meta = object.metadata ?? {};
  const generation = meta.generation;
  const labels = meta.labels ?? {};
  if (!Object.hasOwn(labels, policy.labelKey)) {
    return { kind: 'active', existing, writable: view.writable, generation, warnings };
  }

  const annotations = meta.annotations ?? {};
  const userReason = policy.reasonAnnotation ? annotations[policy.reasonAnnotation] : undefined;
  const untilText = policy.untilAnnotation ? annotations[policy.untilAnnotation] : undefined;
  const untilMs = untilText === undefined ? undefined : parseRfc3339(untilText);
  if (untilText !== undefined && untilMs === undefined) {
    warnings.push({
      code: 'INVALID_UNTIL',
      message: `annotation "${policy.untilAnnotation}" is not an RFC 3339 time ("${untilText}"); the pause has no expiry`,
    });
  }
  if (untilMs !== undefined && nowMs >= untilMs) {
    return {
      kind: 'expired',
      existing,
      writable: view.writable,
      generation,
      warnings,
      resourceVersion: meta.resourceVersion,
      hasUserReason: userReason !== undefined,
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
