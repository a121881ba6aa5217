import { classify } from './classify.ts';
import { decideSituation } from './decide.ts';
import type { PauseDecision, PauseWrite } from './decision.ts';
import { PauseError } from './errors.ts';
import { type Instant, toMillis } from './instant.ts';
import type { KubeObject } from './kube-object.ts';
import { capMessage } from './messages.ts';
import type { PausePolicy } from './policy.ts';

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
 * The same label write removes a `policy.untilAnnotation` left on the object: the controller's
 * own pause has no end time, and a past one would lift it on the next pass.
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
  const metadata = object.metadata ?? {};
  const annotations: Record<string, string | null> = {};
  if (policy.reasonAnnotation) annotations[policy.reasonAnnotation] = explanation;
  // The controller's own pause has no end time: a leftover `until` (even one in the past)
  // would otherwise expire it on the next pass and undo the self-pause.
  const untilKey = policy.untilAnnotation;
  const staleUntil = untilKey !== undefined && metadata.annotations?.[untilKey] !== undefined;
  if (staleUntil) annotations[untilKey] = null;
  const labelWrite: PauseWrite = { kind: 'metadata', labels: { [policy.labelKey]: ownerId } };
  if (Object.keys(annotations).length > 0) labelWrite.annotations = annotations;

  // Decide for the object as it looks once the label write landed.
  const labelledAnnotations: Record<string, string> = { ...metadata.annotations };
  for (const [key, value] of Object.entries(annotations)) {
    if (value === null) delete labelledAnnotations[key];
    else labelledAnnotations[key] = value;
  }
  const labelled: KubeObject = {
    ...object,
    metadata: {
      ...metadata,
      labels: { ...metadata.labels, [policy.labelKey]: ownerId },
      annotations: labelledAnnotations,
    },
  };
  const nowMs = toMillis(now);
  const after = decideSituation(classify(labelled, policy, nowMs), policy, nowMs, {
    // Without a reason annotation the condition itself carries the explanation; decide()
    // keeps a PausedByController message as written from then on.
    selfPauseExplanation: policy.reasonAnnotation ? undefined : explanation,
  });
  const conditionWrites = after.writes.filter((write) => write.kind === 'condition');
  const alreadyLabelled =
    metadata.labels?.[policy.labelKey] === ownerId &&
    !staleUntil &&
    (!policy.reasonAnnotation || metadata.annotations?.[policy.reasonAnnotation] === explanation);
  return {
    ...after,
    writes: alreadyLabelled ? conditionWrites : [labelWrite, ...conditionWrites],
  };
}
