import type { PausedSituation } from './classify.ts';
import { PauseReasons } from './decision.ts';
import type { Condition } from './kube-object.ts';
import {
  namespacePausedMessageOf,
  notPausedMessage,
  pausedMessageOf,
  selfPauseMessage,
} from './messages.ts';
import type { PausePolicy } from './policy.ts';
import { formatRfc3339 } from './validation.ts';

/** Inputs of {@link pausedCondition}. */
export interface PausedConditionInput {
  situation: PausedSituation;
  policy: PausePolicy;
  /** Sentence saying what the pause does to the deletion; only while being deleted. */
  deletionNote: string | undefined;
  /** A self-pause's explanation, written in the message when no reason annotation holds it. */
  selfPauseExplanation: string | undefined;
}

/**
 * A condition the object should carry, with `lastTransitionTime` left empty: compare it with
 * `sameCondition` (which ignores that field) and {@link stamped} only the one that is written,
 * so steady state formats no time.
 */
function unstamped(
  policy: PausePolicy,
  says: Pick<Condition, 'status' | 'reason' | 'message'>,
  generation: unknown,
): Condition {
  const condition: Condition = {
    type: policy.conditionType,
    status: says.status,
    reason: says.reason,
    message: says.message,
    lastTransitionTime: '',
  };
  if (typeof generation === 'number') condition.observedGeneration = generation;
  return condition;
}

/** `condition` with `lastTransitionTime` set to `nowMs`, ready to be written. */
export function stamped(condition: Condition, nowMs: number): Condition {
  return { ...condition, lastTransitionTime: formatRfc3339(nowMs) };
}

/**
 * The standard message of a paused object: who paused it, the user's reason, until when, how
 * to resume and the deletion note. It is also what the `Paused` events say.
 */
export function standardPausedMessage(
  input: Pick<PausedConditionInput, 'situation' | 'policy' | 'deletionNote'>,
): string {
  return standardPausedMessageOf(input.situation, input.policy, input.deletionNote);
}

/** {@link standardPausedMessage} of these inputs, without an object to pass them. */
function standardPausedMessageOf(
  situation: PausedSituation,
  policy: PausePolicy,
  deletionNote: string | undefined,
): string {
  if (situation.by === 'namespace') {
    return namespacePausedMessageOf(
      policy.namespaceLabelKey ?? policy.labelKey,
      situation.namespace,
      situation.userReason,
      situation.untilText,
      deletionNote,
    );
  }
  return pausedMessageOf(
    policy.labelKey,
    situation.by === 'controller',
    situation.userReason,
    situation.untilText,
    deletionNote,
  );
}

/** The message the `Paused=True` condition should carry. */
export function pausedConditionMessage(input: PausedConditionInput): string {
  return pausedConditionMessageOf(
    input.situation,
    input.policy,
    input.deletionNote,
    input.selfPauseExplanation,
  );
}

/**
 * {@link pausedConditionMessage} of these inputs, without an object to pass them (what the
 * steady state asks on every pass; the standard message is memoised in messages.ts).
 */
export function pausedConditionMessageOf(
  situation: PausedSituation,
  policy: PausePolicy,
  deletionNote: string | undefined,
  selfPauseExplanation: string | undefined,
): string {
  if (deletionNote === undefined) {
    if (selfPauseExplanation !== undefined) {
      return selfPauseMessage(policy.labelKey, selfPauseExplanation);
    }
    // A self-pause without a reason annotation owns its message: keep it as written.
    const existing = situation.existing;
    if (
      situation.by === 'controller' &&
      !situation.userReason &&
      existing?.status === 'True' &&
      existing.reason === PauseReasons.PausedByController &&
      typeof existing.message === 'string'
    ) {
      return existing.message;
    }
  }
  return standardPausedMessageOf(situation, policy, deletionNote);
}

const REASON_BY = {
  label: PauseReasons.PausedByLabel,
  controller: PauseReasons.PausedByController,
  namespace: PauseReasons.PausedByNamespace,
} as const;

/** The reason of the `Paused=True` condition of an object paused `by` this. */
export function pausedReason(by: PausedSituation['by']): (typeof REASON_BY)[typeof by] {
  return REASON_BY[by];
}

/**
 * The `Paused=True` condition a paused object should carry, not yet {@link stamped}; `message`
 * is {@link pausedConditionMessage} of `input`, when the caller has it already.
 */
export function pausedCondition(
  input: PausedConditionInput,
  message: string = pausedConditionMessage(input),
): Condition {
  return unstamped(
    input.policy,
    { status: 'True', reason: REASON_BY[input.situation.by], message },
    input.situation.generation,
  );
}

/** The `Paused=False` condition (reason `NotPaused`) of `set-false`, not yet {@link stamped}. */
export function notPausedCondition(policy: PausePolicy, generation: unknown): Condition {
  return unstamped(
    policy,
    { status: 'False', reason: PauseReasons.NotPaused, message: notPausedMessage(policy.labelKey) },
    generation,
  );
}
