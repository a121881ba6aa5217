import type { ActiveSituation, ExpiredSituation } from './classify.ts';
import { sameCondition } from './conditions.ts';
import { type MetadataWrite, type PauseEvent, PauseReasons } from './decision.ts';
import { type DecisionParts, guardedConditionChange, NO_WARNINGS } from './decision-parts.ts';
import { notPausedCondition, stamped } from './desired-conditions.ts';
import { expiredMessage, namespaceResumedMessage, resumedMessage } from './messages.ts';
import type { PausePolicy } from './policy.ts';

/** Inputs of {@link resume} and {@link expire}. */
export interface ResumeInput<S extends ActiveSituation | ExpiredSituation> {
  situation: S;
  policy: PausePolicy;
  nowMs: number;
}

/** The condition change that leaves the object unpaused (`remove` or `Paused=False`), if any. */
function unpausedCondition(
  input: ResumeInput<ActiveSituation | ExpiredSituation>,
): Pick<DecisionParts, 'writes' | 'warnings'> {
  const { situation, policy } = input;
  if (policy.onResume === 'remove') {
    if (situation.existing === undefined) return { writes: [], warnings: NO_WARNINGS };
    return guardedConditionChange(
      { op: 'remove', type: policy.conditionType },
      situation.writable,
      policy.conditionType,
    );
  }
  const desired = notPausedCondition(policy, situation.generation);
  if (sameCondition(situation.existing, desired)) return { writes: [], warnings: NO_WARNINGS };
  return guardedConditionChange(
    { op: 'set', condition: stamped(desired, input.nowMs) },
    situation.writable,
    policy.conditionType,
  );
}

/**
 * Parts that leave an unlabelled object unpaused: the condition removed (or set to
 * `Paused=False` under `set-false`), and a `Resumed` event when it was recorded as paused.
 */
export function resume(input: ResumeInput<ActiveSituation>): DecisionParts {
  const { situation, policy } = input;
  const { writes, warnings } = unpausedCondition(input);
  const { existing } = situation;
  const recordedAsPaused = existing?.status === 'True' && situation.writable;
  if (!recordedAsPaused) return { writes, events: [], warnings };
  // The message is built only for the event: the steady state (nothing to announce) builds none.
  const message =
    existing.reason === PauseReasons.PausedByNamespace
      ? namespaceResumedMessage(situation.namespace)
      : resumedMessage(policy.labelKey);
  const events: PauseEvent[] = [{ type: 'Normal', reason: 'Resumed', message }];
  return { writes, events, warnings };
}

/**
 * Parts for a pause whose `until` time has passed: the label and pause annotations removed
 * first (guarded by the resourceVersion read), then the condition as for an unpause; event
 * `PauseExpired`.
 */
export function expire(input: ResumeInput<ExpiredSituation>): DecisionParts {
  const { situation, policy } = input;
  const annotations: Record<string, null> = {};
  if (policy.untilAnnotation) annotations[policy.untilAnnotation] = null;
  if (policy.reasonAnnotation && situation.hasUserReason) {
    annotations[policy.reasonAnnotation] = null;
  }
  const unlabel: MetadataWrite = {
    kind: 'metadata',
    labels: { [policy.labelKey]: null },
    annotations,
  };
  if (situation.resourceVersion) unlabel.resourceVersion = situation.resourceVersion;
  const { writes, warnings } = unpausedCondition(input);
  return {
    writes: [unlabel, ...writes],
    events: [{ type: 'Normal', reason: 'PauseExpired', message: expiredMessage(policy.labelKey) }],
    warnings,
  };
}
