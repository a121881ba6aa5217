import {
  createPausePolicy,
  type KubeObject,
  PauseError,
  type PauseOutcome,
  type PausePolicy,
  type PausePolicyOptions,
  runPause,
  runSelfPause,
  type SelfPauseInput,
} from '@pause/core';
import { outcomeSample, type PauseClient, refOf } from '@pause/core/adapter';
import { createFluentPauseClient } from './client.ts';
import { callHook } from './metrics-hooks.ts';
import { createNamespacePauses } from './namespace-pauses.ts';
import { namespaceReader } from './namespace-reader.ts';
import { createObjectLanes } from './object-lane.ts';
import type {
  PausedReconcile,
  PauseLogger,
  ReconcileCallback,
  ReconcileContext,
} from './reconcile-types.ts';
import { type RetryRule, retryPause } from './retry-pause.ts';
import { createRunningReconciles, type RunningReconcile } from './running-reconciles.ts';
import type { WithPauseOptions } from './with-pause-options.ts';

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function keyOf(object: KubeObject): string {
  const meta = object.metadata ?? {};
  return meta.uid ?? `${object.kind}/${meta.namespace ?? ''}/${meta.name}`;
}

function checkInterval(ms: number | undefined, name = 'pauseCheckIntervalMs'): number | undefined {
  if (ms === undefined || (Number.isFinite(ms) && ms > 0)) return ms;
  throw new PauseError(
    'INVALID_POLICY',
    `withPause: ${name} must be a positive number of milliseconds, got ${ms}`,
  );
}

/**
 * Wraps a Pepr `Reconcile` callback with pause: every call first runs the pause state machine
 * (`runPause`) on the object. Paused: the callback is skipped, the `Paused` condition is kept
 * and the transition recorded as an Event. Not paused: the callback runs on the object as
 * stored after the pause writes, with a 4th argument, a {@link ReconcileContext}
 * (`signal`, `key`, `selfPause`). A callback whose signal was aborted (its object got paused
 * meanwhile) is followed by another pause pass, which writes the `Paused` condition.
 * A failed write is retried when `error.retryable`, waiting core's `retryDelayMs` (see
 * {@link WithPauseOptions.retry}); when retries run out, or the failure is permanent (403,
 * 401, invalid), the last `PauseApiError` is thrown: Pepr logs it and the object is looked at
 * again on its next watch event. `DELETED` events go straight to the callback. Throws
 * `PauseError` for invalid policy options.
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
  const pauseCheckIntervalMs = checkInterval(options.pauseCheckIntervalMs);
  const { maxAttempts = 4, baseMs = 250, maxMs = 8_000, jitter } = options.retry ?? {};
  const rule: RetryRule = {
    maxAttempts,
    baseMs,
    maxMs,
    ...(jitter !== undefined ? { jitter } : {}),
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
  };
  const now = options.now ?? Date.now;
  const { metrics } = options;
  const ownClient = options.client ? undefined : createFluentPauseClient(options);
  const client: PauseClient = options.client ?? (ownClient as PauseClient);
  const lanes = createObjectLanes();
  let disposed = false;
  const running = createRunningReconciles({
    client,
    policy: pausePolicy,
    now,
    pauseCheckIntervalMs,
  });
  const namespaces = createNamespacePauses({
    policy: pausePolicy,
    read: namespaceReader(pausePolicy, options, ownClient),
    ttlMs: checkInterval(options.namespaceCacheMs, 'namespaceCacheMs') ?? 5_000,
    changed: (refs, namespace, keys) => {
      // A callback running now stops at once when its Namespace got paused; the pass that
      // follows (queued behind it in the object's lane) writes the condition.
      for (const key of keys) running.namespaceChanged(key, namespace);
      for (const ref of refs) void look(ref, 'MODIFIED');
    },
  });
  const runOptions = (namespace?: KubeObject) => ({
    now: now(),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(options.maxConflictRetries !== undefined
      ? { maxConflictRetries: options.maxConflictRetries }
      : {}),
  });

  /** One pause pass with the retry rule, reported to the logger and the metrics hooks. */
  const pauseWithRetry = (
    object: K,
    attempt: (current: K) => Promise<PauseOutcome<K>>,
    logger: PauseLogger | undefined,
  ) => {
    const key = keyOf(object);
    const ref = refOf(object);
    const where = { kind: ref.kind, namespace: ref.namespace, name: ref.name };
    return retryPause(client, object, attempt, rule, {
      outcome(outcome, n) {
        for (const warning of outcome.warnings) {
          logger?.warn?.({ ...where, warning }, warning.message);
        }
        callHook(logger, () => metrics?.onOutcome?.(outcomeSample(key, outcome, pausePolicy)));
        if (outcome.action === 'gone') callHook(logger, () => metrics?.onForget?.(key));
        if (outcome.action === 'requeue' && (!outcome.error.retryable || n >= maxAttempts)) {
          const { error } = outcome;
          logger?.error?.(
            { ...where, attempt: n, kind: error.kind },
            `pause write failed: ${error.message}`,
          );
        }
      },
      retrying({ error }, delay) {
        logger?.debug?.({ ...where, delay, kind: error.kind }, 'pause write failed, retrying');
      },
    });
  };

  /** Runs the callback with its context; resolves `true` when its signal was aborted. */
  const runCallback = async (
    object: K,
    phase: string,
    logger: PauseLogger | undefined,
    watched: RunningReconcile | undefined,
  ): Promise<boolean> => {
    const key = keyOf(object);
    const signal = watched?.signal ?? new AbortController().signal;
    const context: ReconcileContext<K> = {
      signal,
      key,
      selfPause: async (input: SelfPauseInput) => {
        const outcome = await pauseWithRetry(
          object,
          (current) => runSelfPause(client, current, pausePolicy, input, runOptions()),
          logger,
        );
        if (outcome.action === 'stop') watched?.selfPaused();
        return outcome;
      },
    };
    const started = performance.now();
    let result: 'success' | 'error' | 'aborted' = 'success';
    try {
      await reconcile(object, phase, logger, context);
      if (signal.aborted) result = 'aborted';
    } catch (error) {
      if (!signal.aborted) {
        result = 'error';
        throw error;
      }
      result = 'aborted'; // the abort caused it: the pause pass below takes over
    } finally {
      watched?.end();
      const durationMs = performance.now() - started;
      callHook(logger, () => metrics?.onReconcile?.({ key, result, durationMs }));
    }
    if (result === 'aborted') {
      logger?.info?.({ key, reason: String(signal.reason) }, 'reconcile aborted');
    }
    return result === 'aborted';
  };

  const pass = async (object: K, phase: string, logger: PauseLogger | undefined) => {
    const key = keyOf(object);
    lanes.cancel(key);
    const ref = refOf(object);
    let current = object;
    for (;;) {
      const namespace = await namespaces.namespaceOf(key, ref);
      const outcome = await pauseWithRetry(
        current,
        (o) => runPause(client, o, pausePolicy, runOptions(namespace)),
        logger,
      );
      if (outcome.action === 'gone') {
        namespaces.forget(key);
        return;
      }
      if (outcome.action === 'requeue') throw outcome.error;
      if (outcome.action === 'stop') {
        logger?.debug?.(
          { kind: ref.kind, namespace: ref.namespace, name: ref.name },
          'paused: reconcile skipped',
        );
        if (outcome.requeueAfterMs !== undefined && options.expiry !== 'next-event') {
          lanes.schedule(key, outcome.requeueAfterMs, () => look(ref, phase, logger));
        }
        return;
      }
      const watched = running.begin(key, ref, outcome.object, namespace);
      if (!(await runCallback(outcome.object, phase, logger, watched)) || disposed) return;
      // Aborted: its object got paused (or deleted). Pass again, on the object as stored now.
      const fresh = (await client.read(ref)) as K | undefined;
      if (fresh === undefined) {
        namespaces.forget(key);
        callHook(logger, () => metrics?.onForget?.(key));
        return;
      }
      current = fresh;
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

  const wrapped = async (object: K, phase: string, logger?: PauseLogger): Promise<void> => {
    const key = keyOf(object);
    running.observe(key, object, phase); // a callback running for this object may stop now
    if (phase === 'DELETED') {
      lanes.cancel(key);
      namespaces.forget(key);
      callHook(logger, () => metrics?.onForget?.(key));
      await runCallback(object, phase, logger, undefined);
      return;
    }
    return lanes.run(key, () => pass(object, phase, logger));
  };
  return Object.assign(wrapped, {
    async dispose() {
      disposed = true;
      running.abortAll(new Error('withPause was disposed while the reconcile was running'));
      lanes.clear();
      namespaces.dispose();
      await ownClient?.close();
    },
  });
}
