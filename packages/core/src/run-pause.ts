import { type PauseApiError, toPauseApiError } from './api-error.ts';
import type { PauseWarning } from './conditions.ts';
import { decide } from './decide.ts';
import type { PauseDecision, PauseEvent } from './decision.ts';
import type { Instant } from './instant.ts';
import type { KubeObject } from './kube-object.ts';
import { refOf } from './object-ref.ts';
import type { PausePolicy } from './policy.ts';
import type { PauseClient } from './port.ts';
import { type SelfPauseInput, selfPause } from './self-pause.ts';

/**
 * How one pass over an object ended. `object` is the object as stored after the pass's writes,
 * typed as the object that was passed in.
 */
export type PauseOutcome<T extends KubeObject = KubeObject> =
  /** Not paused (or deletion proceeds): run the reconcile on `object`. */
  | {
      action: 'continue';
      object: T;
      decision: PauseDecision;
      warnings: PauseWarning[];
      events: PauseEvent[];
    }
  /** Paused: do not reconcile. Look again after `requeueAfterMs` when set (an `until` is pending). */
  | {
      action: 'stop';
      object: T;
      decision: PauseDecision;
      requeueAfterMs?: number;
      warnings: PauseWarning[];
      events: PauseEvent[];
    }
  /**
   * A write failed: do not reconcile; try again later. `retryAfterMs` is the server's
   * `Retry-After` when it gave one; otherwise the caller's backoff applies.
   */
  | { action: 'requeue'; error: PauseApiError; retryAfterMs?: number; warnings: PauseWarning[] }
  /** The object no longer exists: forget it. */
  | { action: 'gone'; warnings: PauseWarning[] };

/** Options of {@link runPause} and {@link runSelfPause}. */
export interface RunPauseOptions {
  /** The current time; the only clock the decision sees. */
  now: Instant;
  /** How often a lost race (409 / failed `test`) is re-read and re-decided. Default 5. */
  maxConflictRetries?: number;
  /** The object's Namespace, for a policy with `namespaceLabelKey` (see `decide`). */
  namespace?: KubeObject | undefined;
}

type Decider = (object: KubeObject) => PauseDecision;

async function run<T extends KubeObject>(
  client: PauseClient,
  object: T,
  first: Decider,
  policy: PausePolicy,
  options: RunPauseOptions,
): Promise<PauseOutcome<T>> {
  const ref = refOf(object);
  const maxRetries = options.maxConflictRetries ?? 5;
  let current: KubeObject = object;
  let decider = first;
  const warnings: PauseWarning[] = [];
  for (let attempt = 0; ; attempt++) {
    const decision = decider(current);
    try {
      for (const write of decision.writes) {
        current =
          write.kind === 'metadata'
            ? await client.writeMetadata(ref, write)
            : await client.writeCondition(ref, current, write.change);
      }
    } catch (thrown) {
      const error = toPauseApiError(thrown);
      if (error.kind === 'not-found') return { action: 'gone', warnings };
      if (error.kind !== 'conflict' || attempt >= maxRetries) {
        return {
          action: 'requeue',
          error,
          ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
          warnings: [...warnings, ...decision.warnings],
        };
      }
      let fresh: KubeObject | undefined;
      try {
        fresh = await client.read(ref);
      } catch (readFailure) {
        const readError = toPauseApiError(readFailure);
        return { action: 'requeue', error: readError, warnings };
      }
      if (fresh === undefined) return { action: 'gone', warnings };
      current = fresh;
      // After a lost race the label decides: what is written from here derives from it.
      decider = (next) => decide(next, policy, options.now, options);
      continue;
    }
    const allWarnings = [...warnings, ...decision.warnings];
    for (const event of decision.events) {
      try {
        await client.recordEvent(current, event);
      } catch (thrown) {
        allWarnings.push({
          code: 'EVENT_FAILED',
          message: `event ${event.reason} was not recorded: ${toPauseApiError(thrown).message}`,
        });
      }
    }
    if (decision.action === 'continue') {
      return {
        action: 'continue',
        object: current as T,
        decision,
        warnings: allWarnings,
        events: decision.events,
      };
    }
    return {
      action: 'stop',
      object: current as T,
      decision,
      ...(decision.requeueAfterMs !== undefined ? { requeueAfterMs: decision.requeueAfterMs } : {}),
      warnings: allWarnings,
      events: decision.events,
    };
  }
}

/**
 * Runs one pause pass over `object` through an adapter's {@link PauseClient}: decides, applies
 * the writes in order, re-reads and re-decides on a lost race (bounded), records the events,
 * and says whether the reconcile may run. No clock, no I/O of its own.
 */
export function runPause<T extends KubeObject>(
  client: PauseClient,
  object: T,
  policy: PausePolicy,
  options: RunPauseOptions,
): Promise<PauseOutcome<T>> {
  return run(client, object, (o) => decide(o, policy, options.now, options), policy, options);
}

/**
 * Pauses `object` on the controller's own initiative (see {@link selfPause}): the label is
 * written first, then the condition. If the condition write fails, the label already keeps the
 * object paused and the next {@link runPause} completes the condition.
 */
export function runSelfPause<T extends KubeObject>(
  client: PauseClient,
  object: T,
  policy: PausePolicy,
  input: SelfPauseInput,
  options: RunPauseOptions,
): Promise<PauseOutcome<T>> {
  return run(client, object, (o) => selfPause(o, policy, input, options.now), policy, options);
}
