import type { KubernetesObject } from '@kubernetes/client-node';
import {
  createPauseGate,
  decide,
  type KubeObject,
  PauseApiError,
  type PauseOutcome,
} from '@pause/core';
import { objectKey, retryDelayMs } from '@pause/core/adapter';
import { createClientNodePauseClient } from '../client.ts';
import type { PausableController, PausableControllerOptions } from './controller-options.ts';
import { type SupervisedInformer, superviseInformer } from './informer-supervisor.ts';
import { KeyedWorkQueue } from './work-queue.ts';

export type {
  PausableController,
  PausableControllerOptions,
  ReconcileContext,
  ReconcileFunction,
  ReconcileResult,
} from './controller-options.ts';
export type { ControllerInformer } from './informer-supervisor.ts';

/**
 * Controller glue for `@kubernetes/client-node`, which ships none: an informer that restarts
 * itself, a per-object work queue (one reconcile per object at a time, de-duplicated),
 * retries with core's `retryDelayMs` (exponential, jittered, `Retry-After` honoured), and pause
 * handled before the user's reconcile runs (`runPause` of `@pause/core`). A reconcile in flight
 * when its object gets paused has its `AbortSignal` aborted; the condition is written once it
 * has returned. Nothing connects before `start()`; invalid `pause` options throw `PauseError`.
 */
export function createPausableController<T extends KubeObject = KubeObject>(
  options: PausableControllerOptions<T>,
): PausableController {
  const { metrics } = options;
  const now = options.now ?? Date.now;
  const client = createClientNodePauseClient({
    resource: options.resource,
    ...(options.kubeConfig ? { kubeConfig: options.kubeConfig } : {}),
    ...(options.statusStrategy ? { statusStrategy: options.statusStrategy } : {}),
    ...(options.fieldManager ? { fieldManager: options.fieldManager } : {}),
    ...(options.reportingComponent ? { reportingComponent: options.reportingComponent } : {}),
    ...(options.reportingInstance ? { reportingInstance: options.reportingInstance } : {}),
  });
  const gate = createPauseGate<T>({ client, pause: options.pause, now });
  const { policy } = gate;
  const failures = new Map<string, number>();
  const inFlight = new Map<string, AbortController>();
  let supervised: SupervisedInformer | undefined;
  let resync: NodeJS.Timeout | undefined;

  const retryLater = (key: string, error: unknown, retryAfterMs?: number) => {
    const attempt = (failures.get(key) ?? 0) + 1;
    failures.set(key, attempt);
    options.onError?.(key, error);
    const delayMs = retryDelayMs({
      ...options.backoff,
      attempt,
      retryAfterMs:
        retryAfterMs ?? (PauseApiError.isInstance(error) ? error.retryAfterMs : undefined),
      random: Math.random(),
    });
    queue.addAfter(key, delayMs);
  };

  const reconcileObject = async (key: string, object: T) => {
    const abort = new AbortController();
    inFlight.set(key, abort);
    const started = performance.now();
    let result: 'success' | 'error' | 'aborted' = 'success';
    try {
      const returned = await options.reconcile(object, {
        signal: abort.signal,
        key,
        client,
        selfPause: async (input) => {
          const outcome = await gate.selfPause(object, input);
          for (const warning of outcome.warnings) options.onWarning?.(key, warning);
          return outcome;
        },
      });
      if (abort.signal.aborted) {
        result = 'aborted';
        queue.add(key); // the next pass writes the Paused condition
        return;
      }
      failures.delete(key);
      if (returned?.requeueAfterMs !== undefined) queue.addAfter(key, returned.requeueAfterMs);
    } catch (error) {
      if (abort.signal.aborted) {
        result = 'aborted';
        queue.add(key);
        return;
      }
      result = 'error';
      retryLater(key, error);
    } finally {
      inFlight.delete(key);
      metrics?.onReconcile?.({ key, result, durationMs: performance.now() - started });
    }
  };

  const handleOutcome = async (key: string, outcome: PauseOutcome<T>) => {
    for (const warning of outcome.warnings) options.onWarning?.(key, warning);
    metrics?.onOutcome?.({ key, action: outcome.action });
    switch (outcome.action) {
      case 'gone':
        failures.delete(key);
        metrics?.onForget?.(key);
        return;
      case 'requeue':
        return retryLater(key, outcome.error, outcome.retryAfterMs);
      case 'stop':
        failures.delete(key);
        if (outcome.requeueAfterMs !== undefined) queue.addAfter(key, outcome.requeueAfterMs);
        return;
      case 'continue':
        return reconcileObject(key, outcome.object);
    }
  };

  const queue = new KeyedWorkQueue({
    concurrency: options.concurrency ?? 2,
    process: async (key) => {
      const [namespace, name] = key.includes('/') ? key.split('/', 2) : [undefined, key];
      // The informer's cache holds objects of `options.resource`: the reconcile's `T`.
      const object = supervised?.informer.get(name as string, namespace) as T | undefined;
      if (!object) {
        failures.delete(key);
        queue.forget(key);
        metrics?.onForget?.(key);
        return;
      }
      await handleOutcome(key, await gate.run(object));
    },
    onError: (key, error) => retryLater(key, error),
  });

  const onEvent = (type: 'add' | 'update' | 'delete', object: KubernetesObject) => {
    const name = object.metadata?.name;
    if (!name) return;
    const key = objectKey({ name, namespace: object.metadata?.namespace });
    const running = inFlight.get(key);
    if (running && type !== 'delete') {
      // The core decides: abort only when it would stop this object now.
      if (decide(object, policy, now()).action === 'stop') {
        running.abort(new Error(`${key} was paused while its reconcile was running`));
      }
    }
    queue.add(key);
  };

  return {
    client,
    get informer() {
      return supervised;
    },
    async start() {
      supervised = superviseInformer({
        watchConfig: client.watchConfig,
        customObjects: client.customObjects,
        resource: options.resource,
        ...(options.namespace ? { namespace: options.namespace } : {}),
        ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
        onEvent,
        onRestart: (error, delayMs) => metrics?.onInformerRestart?.(error, delayMs),
      });
      await supervised.start();
      if (options.resyncMs) {
        resync = setInterval(() => {
          for (const object of supervised?.informer.list() ?? []) onEvent('update', object);
        }, options.resyncMs);
        resync.unref();
      }
    },
    async stop() {
      if (resync) clearInterval(resync);
      for (const running of inFlight.values()) {
        running.abort(new Error('the controller is stopping'));
      }
      await supervised?.stop();
      await queue.stop();
      await client.close();
    },
    idle: () => queue.idle(),
  };
}
