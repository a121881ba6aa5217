import { type PauseWarning, sameCondition } from './conditions.ts';
import {
  type ConditionWrite,
  type PauseDecision,
  type PauseEvent,
  PauseReasons,
  type PauseWrite,
} from './decision.ts';
import type { Condition, KubeObject } from './kube-object.ts';
import { notPausedMessage } from './messages.ts';
import type { PausePolicy } from './policy.ts';
import { formatRfc3339 } from './validation.ts';

/** A condition write that sets `condition`. */
export function conditionWrite(condition: Condition): ConditionWrite {
  return { kind: 'condition', change: { op: 'set', condition } };
}

/** `condition` with `observedGeneration` when the object has a generation. */
export function withGeneration(condition: Condition, generation: unknown): Condition {
  return typeof generation === 'number'
    ? { ...condition, observedGeneration: generation }
    : condition;
}

/** Writes and events that leave the object unpaused; shared by unpause and expiry. */
export function resumeWrites(
  object: KubeObject,
  policy: PausePolicy,
  nowMs: number,
  existing: Partial<Condition> | undefined,
  pushCondition: (write: ConditionWrite) => void,
  events: PauseEvent[],
  eventReason: 'Resumed' | 'PauseExpired',
  writable: boolean,
): void {
  const wasPaused = existing?.status === 'True';
  if (policy.onResume === 'remove') {
    if (existing !== undefined) {
      pushCondition({ kind: 'condition', change: { op: 'remove', type: policy.conditionType } });
    }
  } else {
    const desired = withGeneration(
      {
        type: policy.conditionType,
        status: 'False',
        reason: PauseReasons.NotPaused,
        message: notPausedMessage(policy.labelKey),
        lastTransitionTime: formatRfc3339(nowMs),
      },
      object.metadata?.generation,
    );
    if (!sameCondition(existing, desired)) pushCondition(conditionWrite(desired));
  }
  if ((wasPaused && writable) || eventReason === 'PauseExpired') {
    events.push({
      type: 'Normal',
      reason: eventReason,
      message:
        eventReason === 'PauseExpired'
          ? `The pause set by label "${policy.labelKey}" expired; reconciliation resumes.`
          : `Label "${policy.labelKey}" was removed; reconciliation resumes.`,
    });
  }
}

/**
 * The decision for a pause whose `until` time has passed: label and pause annotations removed
 * first (guarded by the resourceVersion read), then the condition; event `PauseExpired`.
 */
export function expire(
  object: KubeObject,
  policy: PausePolicy,
  nowMs: number,
  existing: Partial<Condition> | undefined,
  writable: boolean,
  warnings: PauseWarning[],
  pushCondition: (write: ConditionWrite) => void,
  writes: PauseWrite[],
  events: PauseEvent[],
): PauseDecision {
  const annotations: Record<string, null> = {};
  if (policy.untilAnnotation) annotations[policy.untilAnnotation] = null;
  if (
    policy.reasonAnnotation &&
    object.metadata?.annotations?.[policy.reasonAnnotation] !== undefined
  ) {
    annotations[policy.reasonAnnotation] = null;
  }
  const metadataWrite: PauseWrite = {
    kind: 'metadata',
    labels: { [policy.labelKey]: null },
    annotations,
  };
  const rv = object.metadata?.resourceVersion;
  if (rv) metadataWrite.resourceVersion = rv;
  writes.push(metadataWrite);
  resumeWrites(object, policy, nowMs, existing, pushCondition, events, 'PauseExpired', writable);
  return { action: 'continue', state: 'expired', writes, events, warnings };
}
