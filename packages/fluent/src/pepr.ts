import {
  createPausePolicy,
  type KubeObject,
  type PauseClient,
  type PausePolicy,
  type PausePolicyOptions,
  refOf,
  runPause,
} from '@pause/core';
import { createFluentPauseClient, type FluentPauseClientOptions } from './client.ts';
import { createObjectLanes } from './object-lane.ts';
import { DEFAULT_RETRY_POLICY, isRetryable, type RetryPolicy, retryDelayMs } from './retry.ts';

/** The logger Pepr passes to a Reconcile callback (pino); any object with these methods works. */
export interface PauseLogger {
  debug?(data: object, message: string): void;
  info?(data: object, message: string): void;
  warn?(data: object, message: string): void;
  error?(data: object, message: string): void;
}

/** A Pepr `Reconcile` callback: `(object, phase, logger)`; `phase` is the watch phase (`ADDED`, `MODIFIED`, `DELETED`). */
export type ReconcileCallback<K> = (
  object: K,
  phase: string,
  logger?: PauseLogger,
) => Promise<void> | void;

/** Options of {@link withPause}. */
export interface WithPauseOptions extends FluentPauseClientOptions {
  /** The port to use instead of a {@link createFluentPauseClient} built from these options. */
  client?: PauseClient;
  /** Bounded retry of a failed pause write inside one call. Default {@link DEFAULT_RETRY_POLICY}. */
  retry?: Partial<RetryPolicy>;
  /**
   * What to do when a pause has an `until` time: `timer` (default) looks at the object again
   * when it is due (Pepr has no requeue); `next-event` waits for the next watch event.
   */
  expiry?: 'timer' | 'next-event';
  /** How often a lost race is re-read and re-decided inside one attempt. Default 5. */
  maxConflictRetries?: number;
  /** Clock. Default `Date.now`. */
  now?: () => number;
  /** Waits between retries. Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/** The wrapped callback, plus a way to stop its timers and close its connection pool. */
export type PausedReconcile<K> = ReconcileCallback<K> & { dispose(): Promise<void> };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function keyOf(object: KubeObject): string {
  const meta = object.metadata ?? {};
  return meta.uid ?? `${object.kind}/${meta.namespace ?? ''}/${meta.name}`;
}

/**
 * Wraps a Pepr `Reconcile` callback with pause: every call first runs the pause state machine
 * (`runPause`) on the object. Paused: the callback is skipped, the `Paused` condition is kept
 * and the transition recorded as an Event. Not paused: the callback runs on the object as
 * stored after the pause writes. A failed write is retried with exponential backoff (see
 * {@link RetryPolicy}); when retries run out, or the failure is permanent (403, 401, invalid),
 * the last `PauseApiError` is thrown: Pepr logs it and the object is looked at again on its next
 * watch event. `DELETED` events go straight to the callback.
 *
 * @example
 * When(Widget).IsCreatedOrUpdated().Reconcile(withPause({ labelKey: 'example.com/paused' }, reconcile));
 */
export function withPause<K>(
  policy: PausePolicy | PausePolicyOptions,
  reconcile: ReconcileCallback<K>,
  options: WithPauseOptions = {},
): PausedReconcile<K> {
  const pausePolicy = createPausePolicy(policy);
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const ownClient = options.client ? undefined : createFluentPauseClient(options);
  const client: PauseClient = options.client ?? (ownClient as PauseClient);
  const lanes = createObjectLanes();

  const pass = async (object: KubeObject, phase: string, logger: PauseLogger | undefined) => {
    const key = keyOf(object);
    lanes.cancel(key);
    const ref = refOf(object);
    const where = { kind: ref.kind, namespace: ref.namespace, name: ref.name };
    let current = object;
    for (let attempt = 1; ; attempt++) {
      const outcome = await runPause(client, current, pausePolicy, {
        now: now(),
        ...(options.maxConflictRetries !== undefined
          ? { maxConflictRetries: options.maxConflictRetries }
          : {}),
      });
      for (const warning of outcome.warnings)
        logger?.warn?.({ ...where, warning }, warning.message);
      if (outcome.action === 'gone') return;
      if (outcome.action === 'continue') return reconcile(outcome.object as K, phase, logger);
      if (outcome.action === 'stop') {
        logger?.debug?.({ ...where, state: outcome.decision.state }, 'paused: reconcile skipped');
        if (outcome.requeueAfterMs !== undefined && options.expiry !== 'next-event') {
          lanes.schedule(key, outcome.requeueAfterMs, () => look(ref, phase, logger));
        }
        return;
      }
      const { error } = outcome;
      if (!isRetryable(error) || attempt >= retry.maxAttempts) {
        logger?.error?.(
          { ...where, attempt, kind: error.kind },
          `pause write failed: ${error.message}`,
        );
        throw error;
      }
      const delay = retryDelayMs(retry, attempt, error, options.random);
      logger?.debug?.(
        { ...where, attempt, delay, kind: error.kind },
        'pause write failed, retrying',
      );
      await sleep(delay);
      try {
        const fresh = await client.read(ref);
        if (fresh === undefined) return;
        current = fresh;
      } catch {
        // Keep the object we have; the next attempt's write meets the same failure or succeeds.
      }
    }
  };

  const look = async (ref: ReturnType<typeof refOf>, phase: string, logger?: PauseLogger) => {
    try {
      const fresh = await client.read(ref);
      if (fresh) await lanes.run(keyOf(fresh), () => pass(fresh, phase, logger));
    } catch (error) {
      logger?.error?.(
        { name: ref.name, namespace: ref.namespace },
        `delayed pause look failed: ${String(error)}`,
      );
    }
  };

  const wrapped = async (object: K, phase: string, logger?: PauseLogger) => {
    const observed = object as KubeObject;
    if (phase === 'DELETED') {
      lanes.cancel(keyOf(observed));
      return reconcile(object, phase, logger);
    }
    return lanes.run(keyOf(observed), () => pass(observed, phase, logger));
  };
  return Object.assign(wrapped, {
    async dispose() {
      lanes.clear();
      await ownClient?.close();
    },
  });
}
