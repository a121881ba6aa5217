import type { PausedSituation } from './classify.ts';
import { conditionSays } from './conditions.ts';
import type { PauseEvent } from './decision.ts';
import { type DecisionParts, guardedConditionChange, NO_WARNINGS } from './decision-parts.ts';
import {
  pausedCondition,
  pausedConditionMessageOf,
  pausedReason,
  stamped,
  standardPausedMessage,
} from './desired-conditions.ts';
import type { Condition } from './kube-object.ts';
import { deletionNoteFor } from './messages.ts';
import type { PausePolicy } from './policy.ts';

/** Inputs of {@link stayPaused}. */
export interface StayPausedInput {
  situation: PausedSituation;
  policy: PausePolicy;
  nowMs: number;
  /** A self-pause's explanation, written in the message when no reason annotation holds it. */
  selfPauseExplanation?: string | undefined;
}

const EVENT_REASON_BY = {
  label: 'Paused',
  controller: 'PausedByController',
  namespace: 'PausedByNamespace',
} as const;

/**
 * Events announcing what a condition write records: `Paused` / `PausedByController` when the
 * pause starts or changes hands, `DeletionBlocked` / `DeletionProceeding` the first time the
 * deletion note appears.
 */
function transitionEvents(
  input: StayPausedInput,
  desired: Condition,
  deletionNote: string | undefined,
): PauseEvent[] {
  const { situation, policy } = input;
  const existing = situation.existing;
  const events: PauseEvent[] = [];
  if (existing?.status !== 'True' || existing.reason !== desired.reason) {
    events.push({
      type: 'Normal',
      reason: EVENT_REASON_BY[situation.by],
      // The standard message: the condition's own in decide(); a self-pause's explanation
      // stays in the condition.
      message:
        input.selfPauseExplanation === undefined
          ? desired.message
          : standardPausedMessage({ situation, policy, deletionNote }),
    });
  }
  const notedBefore =
    typeof existing?.message === 'string' && existing.message.includes(deletionNote ?? '\u0000');
  if (deletionNote && !notedBefore) {
    events.push(
      policy.onDelete === 'block'
        ? { type: 'Warning', reason: 'DeletionBlocked', message: deletionNote }
        : { type: 'Normal', reason: 'DeletionProceeding', message: deletionNote },
    );
  }
  return events;
}

/**
 * Parts that keep a labelled object paused: the `Paused=True` condition when the object does
 * not carry it yet (or it says something else), and the events announcing the change. Steady
 * state gives no write and no event.
 */
export function stayPaused(input: StayPausedInput): DecisionParts {
  const { situation, policy } = input;
  const deletionNote =
    situation.kind === 'paused-deleting' ? deletionNoteFor(policy.onDelete) : undefined;
  const message = pausedConditionMessageOf(
    situation,
    policy,
    deletionNote,
    input.selfPauseExplanation,
  );
  // Steady state: the object already says it; nothing is built but the (memoised) message.
  if (
    conditionSays(
      situation.existing,
      policy.conditionType,
      'True',
      pausedReason(situation.by),
      message,
      situation.generation,
    )
  ) {
    return { writes: [], events: [], warnings: NO_WARNINGS };
  }
  const desired = pausedCondition(
    { situation, policy, deletionNote, selfPauseExplanation: input.selfPauseExplanation },
    message,
  );
  const { writes, warnings } = guardedConditionChange(
    { op: 'set', condition: stamped(desired, input.nowMs) },
    situation.writable,
    policy.conditionType,
  );
  // Events announce transitions the condition records; without a safe write, none.
  const events = situation.writable ? transitionEvents(input, desired, deletionNote) : [];
  return { writes, events, warnings };
}
