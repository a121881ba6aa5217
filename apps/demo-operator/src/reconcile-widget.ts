import {
  type Condition,
  type KubeObject,
  PauseApiError,
  type PauseClient,
  type PauseOutcome,
  refOf,
  type SelfPauseInput,
} from '@pause/core';
import type { Widget } from './widget.ts';

/** Most replicas a Widget may ask for; above it the operator pauses the Widget itself. */
export const MAX_REPLICAS = 10;

/** What the operator's reconcile gets from whichever controller runs it. */
export interface WidgetReconcileContext {
  /** The adapter's port: its `writeCondition` is the safe way to write our `Ready` condition. */
  client: PauseClient;
  /** Pause this Widget on the operator's own initiative (label first, then condition). */
  selfPause(input: SelfPauseInput): Promise<PauseOutcome>;
  /** The current time. */
  now(): Date;
}

/** Ask the controller to run the reconcile again this soon (after a lost race). */
export const RETRY_AFTER_CONFLICT_MS = 100;

/**
 * The operator's business logic, run only when pause says `continue`: "rolls out" the
 * replicas and reports a `Ready` condition. A spec it cannot satisfy without a person
 * (too many replicas) makes it pause the Widget itself instead of retrying forever. A lost
 * race (someone wrote the Widget since it was read) is not an error: it asks to run again on
 * the fresh object.
 */
export async function reconcileWidget(
  object: KubeObject,
  ctx: WidgetReconcileContext,
): Promise<undefined | { requeueAfterMs: number }> {
  const widget = object as Widget;
  const replicas = widget.spec?.replicas ?? 1;
  if (replicas > MAX_REPLICAS) {
    const outcome = await ctx.selfPause({
      reason: 'TooManyReplicas',
      message: `spec.replicas is ${replicas}, more than the ${MAX_REPLICAS} this operator may run; lower it, then remove the label`,
    });
    // A failed self-pause (403, 5xx, …) is an error of this reconcile: logged and retried.
    if (outcome.action === 'requeue') throw outcome.error;
    return undefined;
  }
  const ready: Condition = {
    type: 'Ready',
    status: 'True',
    reason: 'ReplicasReady',
    message: `${replicas} replica(s) ready${widget.spec?.greeting ? `, saying "${widget.spec.greeting}"` : ''}`,
    // metav1.Time: RFC 3339 in whole seconds.
    lastTransitionTime: `${ctx.now().toISOString().slice(0, 19)}Z`,
    ...(typeof widget.metadata?.generation === 'number'
      ? { observedGeneration: widget.metadata.generation }
      : {}),
  };
  const current = widget.status?.conditions?.find((c) => c.type === 'Ready');
  if (
    current?.message === ready.message &&
    current.observedGeneration === ready.observedGeneration
  ) {
    return undefined;
  }
  try {
    await ctx.client.writeCondition(refOf(widget), widget, { op: 'set', condition: ready });
  } catch (error) {
    if (PauseApiError.isInstance(error) && error.kind === 'conflict') {
      return { requeueAfterMs: RETRY_AFTER_CONFLICT_MS };
    }
    throw error;
  }
  return undefined;
}
