import { findCondition, type PauseWarning, readConditions, sameCondition } from './conditions.ts';
import {
  type ConditionWrite,
  type PauseDecision,
  type PauseEvent,
  PauseReasons,
  type PauseWrite,
} from './decision.ts';
import { type Instant, toMillis } from './instant.ts';
import type { Condition, KubeObject } from './kube-object.ts';
import { DELETION_BLOCKED_NOTE, DELETION_PROCEEDING_NOTE, pausedMessage } from './messages.ts';
import type { PausePolicy } from './policy.ts';
import { conditionWrite, expire, resumeWrites, withGeneration } from './resume.ts';
import { formatRfc3339, parseRfc3339 } from './validation.ts';

/** The `Paused=True` condition the object should carry, given its labels and annotations. */
function desiredPausedCondition(
  object: KubeObject,
  policy: PausePolicy,
  now: number,
  existing: Partial<Condition> | undefined,
  deletionNote: string | undefined,
): Condition {
  const meta = object.metadata ?? {};
  const labelValue = meta.labels?.[policy.labelKey] ?? '';
  const byController = policy.ownerId !== undefined && labelValue === policy.ownerId;
  const annotations = meta.annotations ?? {};
  const userReason = policy.reasonAnnotation ? annotations[policy.reasonAnnotation] : undefined;
  const until = policy.untilAnnotation ? annotations[policy.untilAnnotation] : undefined;
  const reason = byController ? PauseReasons.PausedByController : PauseReasons.PausedByLabel;
  // A self-pause without a reason annotation owns its message: keep it as written.
  const keepSelfPauseMessage =
    byController &&
    !userReason &&
    existing?.status === 'True' &&
    existing.reason === PauseReasons.PausedByController &&
    typeof existing.message === 'string' &&
    deletionNote === undefined;
  const message = keepSelfPauseMessage
    ? (existing.message as string)
    : pausedMessage({ labelKey: policy.labelKey, byController, userReason, until, deletionNote });
  return withGeneration(
    {
      type: policy.conditionType,
      status: 'True',
      reason,
      message,
      lastTransitionTime: formatRfc3339(now),
    },
    meta.generation,
  );
}

function isDeleting(object: KubeObject): boolean {
  const ts = object.metadata?.deletionTimestamp;
  return ts !== undefined && ts !== null && ts !== '';
}

/**
 * Decides what pause means for `object` now, as data: continue or stop, the writes in the
 * order to apply them, the events to emit, when to look again and any warnings. Pure: the
 * same inputs always give the same decision; `now` is the only time it knows.
 *
 * In steady state (labels, annotations and generation unchanged since the last applied
 * decision) it proposes no write.
 */
export function decide(object: KubeObject, policy: PausePolicy, now: Instant): PauseDecision {
  const nowMs = toMillis(now);
  const view = readConditions(object);
  const warnings: PauseWarning[] = [...view.warnings];
  const existing = view.writable ? findCondition(view.entries, policy.conditionType) : undefined;
  const labels = object.metadata?.labels ?? {};
  const paused = Object.hasOwn(labels, policy.labelKey);
  const writes: PauseWrite[] = [];
  const events: PauseEvent[] = [];

  const pushCondition = (write: ConditionWrite) => {
    if (view.writable) {
      writes.push(write);
    } else {
      warnings.push({
        code: 'CONDITION_WRITE_UNSAFE',
        message: `condition "${policy.conditionType}" was not written: status.conditions cannot be edited without dropping data it holds`,
      });
    }
  };

  if (paused) {
    const untilText = policy.untilAnnotation
      ? object.metadata?.annotations?.[policy.untilAnnotation]
      : undefined;
    const untilMs = untilText === undefined ? undefined : parseRfc3339(untilText);
    if (untilText !== undefined && untilMs === undefined) {
      warnings.push({
        code: 'INVALID_UNTIL',
        message: `annotation "${policy.untilAnnotation}" is not an RFC 3339 time ("${untilText}"); the pause has no expiry`,
      });
    }
    if (untilMs !== undefined && nowMs >= untilMs) {
      return expire(
        object,
        policy,
        nowMs,
        existing,
        view.writable,
        warnings,
        pushCondition,
        writes,
        events,
      );
    }
    const deleting = isDeleting(object);
    const deletionNote = deleting
      ? policy.onDelete === 'block'
        ? DELETION_BLOCKED_NOTE
        : DELETION_PROCEEDING_NOTE
      : undefined;
    const desired = desiredPausedCondition(object, policy, nowMs, existing, deletionNote);
    const byController = desired.reason === PauseReasons.PausedByController;
    if (!sameCondition(existing, desired)) {
      pushCondition(conditionWrite(desired));
    }
    // Events announce transitions the condition records; without a safe write, none.
    if (view.writable && !sameCondition(existing, desired)) {
      const wasPaused = existing?.status === 'True';
      if (!wasPaused || existing?.reason !== desired.reason) {
        events.push({
          type: 'Normal',
          reason: byController ? 'PausedByController' : 'Paused',
          message: desired.message,
        });
      }
      const notedBefore =
        typeof existing?.message === 'string' &&
        existing.message.includes(deletionNote ?? '\u0000');
      if (deletionNote && !notedBefore) {
        events.push(
          policy.onDelete === 'block'
            ? { type: 'Warning', reason: 'DeletionBlocked', message: DELETION_BLOCKED_NOTE }
            : { type: 'Normal', reason: 'DeletionProceeding', message: DELETION_PROCEEDING_NOTE },
        );
      }
    }
    const decision: PauseDecision = {
      action: deleting && policy.onDelete === 'proceed' ? 'continue' : 'stop',
      state: 'paused',
      pausedBy: byController ? 'controller' : 'label',
      writes,
      events,
      warnings,
    };
    if (untilMs !== undefined) decision.requeueAfterMs = untilMs - nowMs;
    return decision;
  }

  resumeWrites(object, policy, nowMs, existing, pushCondition, events, 'Resumed', view.writable);
  return { action: 'continue', state: 'active', writes, events, warnings };
}

/** True when `object` carries the pause label (any value, even `""` or `"false"`). */
export function isPaused(object: KubeObject, policy: PausePolicy): boolean {
  const labels = object.metadata?.labels;
  return labels !== undefined && Object.hasOwn(labels, policy.labelKey);
}
