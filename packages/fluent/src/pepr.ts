import {
  createPausePolicy,
  type KubeObject,
  type PausePolicy,
  type PausePolicyOptions,
  runPause,
} from '@pause/core';
import { type BackoffOptions, type PauseClient, refOf, retryDelayMs } from '@pause/core/adapter';
import { createFluentPauseClient, type FluentPauseClientOptions } from './client.ts';
import { createObjectLanes } from './object-lane.ts';

/** The logger Pepr passes to a Reconcile callback (pino); any object with these methods works. */
export interface PauseLogger {
  debug?(data: object, message: string): void;
  info?(data: object, message: string): void;
  warn?(data: object, message: string): void;
  error?(data: object, message: string): void;
}

/** A Pepr `Reconcile` callback: `(object, phase, logger)`; `phase` is the watch phase (`ADDED`, `MODIFIED`, `DELETED`). */
export type ReconcileCallback<K extends KubeObject = KubeObject> = (
  object: K,
  phase: string,
  logger?: PauseLogger,
) => Promise<void> | void;

/** Options of {@link withPause}. */
export interface WithPauseOptions extends FluentPauseClientOptions {
  /** The port to use instead of a {@link createFluentPauseClient} built from these options. */
  client?: PauseClient;
  /**
   * Bounded retry of a failed pause write inside one call (Pepr's queue has no retry of its
   * own): up to `maxAttempts` attempts (default 4, the first included), waiting core's
   * `retryDelayMs` between them (defaults `baseMs` 250, `maxMs` 8 000, core's jitter).
   */
  retry?: { maxAttempts?: number } & BackoffOptions;
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
export type PausedReconcile<K extends KubeObject = KubeObject> = ReconcileCallback<K> & {
  dispose(): Promise<void>;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function keyOf(object: KubeObject): string {
  const meta = object.metadata ?? {};
  return meta.uid ?? `${object.kind}/${meta.namespace ?? ''}/${meta.name}`;
}

/**
 * Wraps a Pepr `Reconcile` callback with pause: every call first runs the pause state machine
 * (`runPause`) on the object. Paused: the callback is skipped, the `Paused` condition is kept
 * and the transition recorded as an Event. Not paused: the callback runs on the object as
 * stored after the pause writes. A failed write is retried when `error.retryable`, waiting
 * core's `retryDelayMs` (see {@link WithPauseOptions.retry}); when retries run out, or the
 * failure is permanent (403, 401, invalid), the last `PauseApiError` is thrown: Pepr logs it
 * and the object is looked at again on its next watch event. `DELETED` events go straight to the callback.
 *
 * @example
 * When(Widget).IsCreatedOrUpdated().Reconcile(withPause({ labelKey: 'example.com/paused' }, reconcile));
 */
export function withPause<K extends KubeObject = KubeObject>(
  policy: PausePolicy | PausePolicyOptions,
  reconcile: ReconcileCallback<K>,
  options: WithPauseOptions = {},
): PausedReconcile<K> {
  const pausePolicy = createPausePolicy(policy);
  const { maxAttempts = 4, baseMs = 250, maxMs = 8_000, jitter } = options.retry ?? {};
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const ownClient = options.client ? undefined : createFluentPauseClient(options);
  const client: PauseClient = options.client ?? (ownClient as PauseClient);
  const lanes = createObjectLanes();

  const pass = async (object: K, phase: string, logger: PauseLogger | undefined) => {
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
      if (outcome.action === 'continue') return reconcile(outcome.object, phase, logger);
      if (outcome.action === 'stop') {
        logger?.debug?.({ ...where, state: outcome.decision.state }, 'paused: reconcile skipped');
        if (outcome.requeueAfterMs !== undefined && options.expiry !== 'next-event') {
          lanes.schedule(key, outcome.requeueAfterMs, () => look(ref, phase, logger));
        }
        return;
      }
      const { error } = outcome;
      if (!error.retryable || attempt >= maxAttempts) {
        logger?.error?.(
          { ...where, attempt, kind: error.kind },
          `pause write failed: ${error.message}`,
        );
        throw error;
      }
      const delay = retryDelayMs({
        attempt,
        retryAfterMs: error.retryAfterMs,
        random: random(),
        baseMs,
        maxMs,
        ...(jitter !== undefined ? { jitter } : {}),
      });
      logger?.debug?.(
        { ...where, attempt, delay, kind: error.kind },
        'pause write failed, retrying',
      );
      await sleep(delay);
      try {
        const fresh = await client.read(ref);
        if (fresh === undefined) return;
        current = fresh as K; // the same object, as stored now
      } catch {
        // Keep the object we have; the next attempt's write meets the same failure or succeeds.
      }
    }
  };

  const look = async (ref: ReturnType<typeof refOf>, phase: string, logger?: PauseLogger) => {
    try {
      const fresh = (await client.read(ref)) as K | undefined; // the same object, as stored now
      if (fresh) await lanes.run(keyOf(fresh), () => pass(fresh, phase, logger));
    } catch (error) {
      logger?.error?.(
        { name: ref.name, namespace: ref.namespace },
        `delayed pause look failed: ${String(error)}`,
      );
    }
  };

  const wrapped = async (object: K, phase: string, logger?: PauseLogger) => {
    if (phase === 'DELETED') {
      lanes.cancel(keyOf(object));
      return reconcile(object, phase, logger);
    }
    return lanes.run(keyOf(object), () => pass(object, phase, logger));
  };
  return Object.assign(wrapped, {
    async dispose() {
      lanes.clear();
      await ownClient?.close();
    },
  });
}
