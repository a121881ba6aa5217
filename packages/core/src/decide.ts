import { classify, type PausedSituation, type PauseSituation } from './classify.ts';
import type { PauseWarning } from './conditions.ts';
import type { PauseDecision } from './decision.ts';
import type { DecisionParts } from './decision-parts.ts';
import { type Instant, toMillis } from './instant.ts';
import type { KubeObject } from './kube-object.ts';
import type { PausePolicy } from './policy.ts';
import { expire, resume } from './resume.ts';
import { stayPaused } from './stay-paused.ts';

/** Options of {@link decide}: what it needs besides the object. */
export interface DecideOptions {
  /**
   * The object's Namespace (labels and annotations are what count), for a policy with
   * `namespaceLabelKey`: when it carries that label, the object is paused by its Namespace.
   */
  namespace?: KubeObject | undefined;
}

/** Options of {@link decideSituation}. */
export interface DecideSituationOptions {
  /** A self-pause's explanation, written in the condition when no reason annotation holds it. */
  selfPauseExplanation?: string | undefined;
}

/** The warnings found while reading the object, then those raised by the transition. */
function allWarnings(situation: PauseSituation, parts: DecisionParts): PauseWarning[] {
  // `situation.warnings` is a fresh array of this decision's own, so it can be handed out.
  return parts.warnings.length === 0
    ? situation.warnings
    : situation.warnings.concat(parts.warnings);
}

/** A decision to go on with the reconcile after `parts`. */
function continueWith(
  state: 'active' | 'expired',
  situation: PauseSituation,
  parts: DecisionParts,
): PauseDecision {
  return {
    action: 'continue',
    state,
    writes: parts.writes,
    events: parts.events,
    warnings: allWarnings(situation, parts),
  };
}

/** A decision for a paused object after `parts`; look again when its `until` is due. */
function pausedWith(
  action: PauseDecision['action'],
  situation: PausedSituation,
  parts: DecisionParts,
  nowMs: number,
): PauseDecision {
  const decision: PauseDecision = {
    action,
    state: 'paused',
    pausedBy: situation.by,
    writes: parts.writes,
    events: parts.events,
    warnings: allWarnings(situation, parts),
  };
  if (situation.untilMs !== undefined) decision.requeueAfterMs = situation.untilMs - nowMs;
  return decision;
}

/**
 * The decision for an object in `situation`: the whole transition table.
 *
 * | situation       | action                        | writes, in order                  | events
 * | --------------- | ----------------------------- | --------------------------------- | -------------------------
 * | active          | continue                      | condition removed (or set False)  | Resumed, if it was paused
 * |                 |                               | when the object has one           |
 * | paused          | stop (requeue at `until`)     | Paused=True, if missing/different | Paused / PausedByController
 * |                 |                               |                                   | / PausedByNamespace when
 * |                 |                               |                                   | the pause starts or
 * |                 |                               |                                   | changes hands
 * | paused-deleting | stop (`onDelete: 'block'`),   | Paused=True with the deletion     | as paused, + DeletionBlocked
 * |                 | continue (`'proceed'`)        | note, if missing/different        | / DeletionProceeding once
 * | expired         | continue                      | label + pause annotations removed | PauseExpired
 * |                 |                               | (guarded), then as active         |
 * |                 | stop, when its Namespace      | the label removed, then as paused | PauseExpired,
 * |                 | pauses it                     | by the Namespace                  | PausedByNamespace
 *
 * Paused means: the object's own label (its `until` not reached), else, with the policy's
 * `namespaceLabelKey`, that label on its Namespace (the Namespace's `until` not reached; an
 * expired Namespace pause is simply inactive: the Namespace is never written).
 *
 * A condition write that cannot be made safely becomes a `CONDITION_WRITE_UNSAFE` warning
 * instead, and then no event announces it (`PauseExpired` still goes with the label removal).
 */
export function decideSituation(
  situation: PauseSituation,
  policy: PausePolicy,
  nowMs: number,
  options?: DecideSituationOptions,
): PauseDecision {
  const selfPauseExplanation = options?.selfPauseExplanation;
  switch (situation.kind) {
    case 'active':
      return continueWith('active', situation, resume({ situation, policy, nowMs }));
    case 'paused':
      return pausedWith(
        'stop',
        situation,
        stayPaused({ situation, policy, nowMs, selfPauseExplanation }),
        nowMs,
      );
    case 'paused-deleting':
      return pausedWith(
        policy.onDelete === 'proceed' ? 'continue' : 'stop',
        situation,
        stayPaused({ situation, policy, nowMs, selfPauseExplanation }),
        nowMs,
      );
    case 'expired': {
      const expired = expire({ situation, policy, nowMs });
      const byNamespace = situation.namespacePause;
      if (byNamespace === undefined) return continueWith('expired', situation, expired);
      // The label goes, the Namespace keeps it paused: one condition write, no reconcile.
      const stay = stayPaused({ situation: byNamespace, policy, nowMs });
      const unlabel = expired.writes.filter((write) => write.kind === 'metadata');
      return pausedWith(
        policy.onDelete === 'proceed' && byNamespace.kind === 'paused-deleting'
          ? 'continue'
          : 'stop',
        byNamespace,
        {
          writes: [...unlabel, ...stay.writes],
          events: [...expired.events, ...stay.events],
          warnings: stay.warnings,
        },
        nowMs,
      );
    }
  }
}

/**
 * Decides what pause means for `object` (and, with `namespaceLabelKey`, its Namespace) now, as data: continue or stop, the writes in the
 * order to apply them, the events to emit, when to look again and any warnings. Pure: the
 * same inputs always give the same decision; `now` is the only time it knows.
 *
 * In steady state (labels, annotations and generation unchanged since the last applied
 * decision) it proposes no write.
 */
export function decide(
  object: KubeObject,
  policy: PausePolicy,
  now: Instant,
  options?: DecideOptions,
): PauseDecision {
  const nowMs = toMillis(now);
  return decideSituation(classify(object, policy, nowMs, options?.namespace), policy, nowMs);
}
