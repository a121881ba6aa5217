import { findCondition, readConditions, sameCondition } from './conditions.ts';
import { decide } from './decide.ts';
import {
  type ConditionWrite,
  type PauseDecision,
  PauseReasons,
  type PauseWrite,
} from './decision.ts';
import { PauseError } from './errors.ts';
import { type Instant, toMillis } from './instant.ts';
import type { Condition, KubeObject } from './kube-object.ts';
import { capMessage } from './messages.ts';
import type { PausePolicy } from './policy.ts';
import { formatRfc3339 } from './validation.ts';

/** Why the controller pauses the object itself; shown to the user in the condition message. */
export interface SelfPauseInput {
  /** Short cause, e.g. `JobFailed` or `DatabaseUnreachable`. */
  reason: string;
  /** What happened and what the user should do before removing the label. */
  message: string;
}

/**
 * The decision that makes the controller pause `object` itself (the Go `SelfPauseHandler`,
 * with its defect fixed): the LABEL write comes first (value = `policy.ownerId`, plus the
 * user-facing reason in `policy.reasonAnnotation` when configured), then the condition. If the
 * second write fails, the label alone keeps the object paused and the next {@link decide}
 * derives `PausedByController` from the label value, so a self-pause can never undo itself.
 *
 * Throws `MISSING_OWNER_ID` when the policy has no `ownerId`.
 */
export function selfPause(
  object: KubeObject,
  policy: PausePolicy,
  input: SelfPauseInput,
  now: Instant,
): PauseDecision {
  const ownerId = policy.ownerId;
  if (ownerId === undefined) {
    throw new PauseError(
      'MISSING_OWNER_ID',
      "selfPause needs policy.ownerId: it is written as the label value so the pause can be told apart from a person's",
    );
  }
  if (!input || typeof input.reason !== 'string' || typeof input.message !== 'string') {
    throw new PauseError('INVALID_POLICY', 'selfPause needs { reason: string, message: string }');
  }
  const explanation = capMessage(
    input.reason ? `${input.reason}: ${input.message}` : input.message,
  );
  const annotations: Record<string, string> = {};
  if (policy.reasonAnnotation) annotations[policy.reasonAnnotation] = explanation;
  const labelWrite: PauseWrite = { kind: 'metadata', labels: { [policy.labelKey]: ownerId } };
  if (policy.reasonAnnotation) labelWrite.annotations = annotations;

  // What the object looks like once the label write landed; decide() derives the rest.
  const metadata = object.metadata ?? {};
  const labelled: KubeObject = {
    ...object,
    metadata: {
      ...metadata,
      labels: { ...metadata.labels, [policy.labelKey]: ownerId },
      annotations: { ...metadata.annotations, ...annotations },
    },
  };
  const after = decide(labelled, policy, now);
  let conditionWrites = after.writes.filter((write) => write.kind === 'condition');
  if (!policy.reasonAnnotation) {
    // Without a reason annotation the condition itself carries the explanation; decide()
    // keeps a PausedByController message as written from then on.
    const view = readConditions(object);
    const existing = view.writable ? findCondition(view.entries, policy.conditionType) : undefined;
    const generated = decide(labelled, policy, now).writes.find(
      (write): write is ConditionWrite => write.kind === 'condition' && write.change.op === 'set',
    );
    const desired: Condition = {
      type: policy.conditionType,
      status: 'True',
      reason: PauseReasons.PausedByController,
      message: capMessage(
        `Reconciliation paused by the controller (label "${policy.labelKey}"): ${explanation}. Remove the label "${policy.labelKey}" to resume.`,
      ),
      lastTransitionTime: formatRfc3339(toMillis(now)),
    };
    if (typeof metadata.generation === 'number') desired.observedGeneration = metadata.generation;
    const useGenerated =
      generated?.change.op === 'set' &&
      generated.change.condition.message.includes('being deleted');
    conditionWrites =
      !view.writable || sameCondition(existing, desired) || useGenerated
        ? conditionWrites
        : [{ kind: 'condition', change: { op: 'set', condition: desired } }];
  }
  const alreadyLabelled =
    object.metadata?.labels?.[policy.labelKey] === ownerId &&
    (!policy.reasonAnnotation ||
      object.metadata?.annotations?.[policy.reasonAnnotation] === explanation);
  return {
    ...after,
    writes: alreadyLabelled ? conditionWrites : [labelWrite, ...conditionWrites],
  };
}
