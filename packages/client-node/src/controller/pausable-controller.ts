import type { KubernetesObject } from '@kubernetes/client-node';
import {
  createPauseGate,
  decide,
  type KubeObject,
  PauseApiError,
  PauseError,
  type PauseOutcome,
} from '@pause/core';
import { namespacePauseState, objectKey, outcomeSample, retryDelayMs } from '@pause/core/adapter';
import { createClientNodePauseClient } from '../client.ts';
import type { ControllerState } from '../controller-status.ts';
import type {
  PausableController,
  PausableControllerOptions,
  StopOptions,
  StopResult,
} from './controller-options.ts';
import {
  type SupervisedInformer,
  superviseInformer,
  superviseNamespaceInformer,
} from './informer-supervisor.ts';
import { createLeaderElector } from './leader-election.ts';
import { settledWithin } from './with-deadline.ts';
import { KeyedWorkQueue } from './work-queue.ts';

export type {
  PausableController,
  PausableControllerOptions,
  ReconcileContext,
  ReconcileFunction,
  ReconcileResult,
  StopOptions,
  StopResult,
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
  if (
    options.events !== undefined &&
    options.events !== 'background' &&
    options.events !== 'inline'
  ) {
    throw new PauseError(
      'INVALID_POLICY',
      `createPausableController: events must be "background" or "inline", got "${String(options.events)}"`,
    );
  }
  const namespaces = watchedNamespaces(options);
  const client = createClientNodePauseClient({
    resource: options.resource,
    ...(options.kubeConfig ? { kubeConfig: options.kubeConfig } : {}),
    ...(options.statusStrategy ? { statusStrategy: options.statusStrategy } : {}),
    ...(options.fieldManager ? { fieldManager: options.fieldManager } : {}),
    ...(options.reportingComponent ? { reportingComponent: options.reportingComponent } : {}),
    ...(options.reportingInstance ? { reportingInstance: options.reportingInstance } : {}),
    ...(options.events === 'inline'
      ? {}
      : {
          backgroundEvents: {
            onFailure: (key: string, message: string) =>
              options.onWarning?.(key, { code: 'EVENT_FAILED', message }),
          },
        }),
  });
  const gate = createPauseGate<T>({ client, pause: options.pause, now });
  const { policy } = gate;
  const failures = new Map<string, number>();
  const inFlight = new Map<string, AbortController>();
  // With `leaderElection`: the queue processes keys only while this replica holds the Lease.
  let leading = !options.leaderElection;
  const elector =
    options.leaderElection &&
    createLeaderElector({
      ...options.leaderElection,
      connection: client.connection,
      onChange: (value) => {
        leading = value;
        metrics?.onLeaderChange?.(value);
        if (value) {
          for (const { informer } of informers) {
            for (const object of informer.list()) onEvent('update', object);
          }
          return;
        }
        for (const running of inFlight.values()) {
          running.abort(new Error('this replica lost the leader election'));
        }
      },
      onError: (error) =>
        options.onError?.(
          `lease ${options.leaderElection?.leaseNamespace}/${options.leaderElection?.leaseName}`,
          error,
        ),
    });
  /** One informer per watched namespace (`namespaces`), else one. */
  let informers: SupervisedInformer[] = [];
  const informerOf = (namespace: string | undefined) =>
    namespaces ? informers[namespaces.indexOf(namespace as string)] : informers[0];
  /**
   * With `namespaceLabelKey` (namespaced resources): the paused Namespaces (a label-selected
   * informer), and the pause state of each as last seen, to re-queue its objects on a change.
   */
  let namespaceInformer: SupervisedInformer | undefined;
  const namespaceStates = new Map<string, string | undefined>();
  const namespaceOf = (namespace: string | undefined) =>
    namespace === undefined ? undefined : namespaceInformer?.informer.get(namespace);
  let resync: NodeJS.Timeout | undefined;
  let state: ControllerState = 'new';
  let starting: Promise<void> | undefined;
  let stopping: Promise<StopResult> | undefined;
  let markStopRequested: () => void = () => undefined;
  const stopRequested = new Promise<void>((resolve) => {
    markStopRequested = resolve;
  });

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
    metrics?.onOutcome?.(outcomeSample(key, outcome, policy));
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
        // Lost the lease during the pass: the next leader reconciles. Stopping: no new work.
        return leading && !stopping ? reconcileObject(key, outcome.object) : undefined;
    }
  };

  const queue = new KeyedWorkQueue({
    concurrency: options.concurrency ?? 2,
    process: async (key) => {
      if (!leading) return; // re-queued in full when this replica becomes the leader
      const [namespace, name] = key.includes('/') ? key.split('/', 2) : [undefined, key];
      // The informer's cache holds objects of `options.resource`: the reconcile's `T`.
      const object = informerOf(namespace)?.informer.get(name as string, namespace) as
        | T
        | undefined;
      if (!object) {
        failures.delete(key);
        queue.forget(key);
        metrics?.onForget?.(key);
        return;
      }
      const pausedNamespace = namespaceOf(namespace);
      await handleOutcome(
        key,
        await gate.run(object, pausedNamespace ? { namespace: pausedNamespace } : undefined),
      );
    },
    onError: (key, error) => retryLater(key, error),
  });

  const onEvent = (type: 'add' | 'update' | 'delete', object: KubernetesObject) => {
    const name = object.metadata?.name;
    if (!name) return;
    const key = objectKey({ name, namespace: object.metadata?.namespace });
    const running = inFlight.get(key);
    if (running && type === 'delete') {
      // Deleted, or out of this controller's labelSelector (another shard's now).
      running.abort(new Error(`${key} is no longer watched by this controller`));
    } else if (running) {
      // The core decides: abort only when it would stop this object now.
      const namespace = namespaceOf(object.metadata?.namespace);
      if (decide(object, policy, now(), { namespace }).action === 'stop') {
        running.abort(new Error(`${key} was paused while its reconcile was running`));
      }
    }
    queue.add(key);
  };

  /** A paused Namespace appeared, changed or went: its cached objects get a new pause pass. */
  const onNamespaceEvent = (type: 'add' | 'update' | 'delete', namespace: KubernetesObject) => {
    const name = namespace.metadata?.name;
    if (!name) return;
    const next = type === 'delete' ? undefined : namespacePauseState(namespace, policy);
    if (namespaceStates.get(name) === next) return;
    if (next === undefined) namespaceStates.delete(name);
    else namespaceStates.set(name, next);
    const informer = informerOf(name);
    if (!informer) return; // before the object informers exist: their first list sees it
    for (const object of informer.informer.list()) {
      if (object.metadata?.namespace === name) onEvent('update', object);
    }
  };

  const controller: PausableController = {
    client,
    get informer() {
      return informers[0];
    },
    get informers() {
      return informers;
    },
    get isLeader() {
      return leading;
    },
    get state() {
      return state;
    },
    get queueDepth() {
      return queue.size.ready;
    },
    start() {
      starting ??= startOnce();
      return starting;
    },
    stop(stopOptions = {}) {
      stopping ??= stopOnce(stopOptions);
      markStopRequested();
      return stopping;
    },
    async idle() {
      await queue.idle();
      await client.events?.flush();
    },
  };
  metrics?.attach?.(controller);
  return controller;

  async function startOnce(): Promise<void> {
    if (stopping) return;
    state = 'starting';
    if (policy.namespaceLabelKey !== undefined && options.resource.namespaced !== false) {
      // Listed first, so the first pause passes already see the paused Namespaces.
      namespaceInformer = superviseNamespaceInformer({
        connection: client.connection,
        ...(options.keepManagedFields ? { keepManagedFields: true } : {}),
        labelSelector: policy.namespaceLabelKey,
        onEvent: onNamespaceEvent,
        onRestart: (error, delayMs) => metrics?.onInformerRestart?.(error, delayMs),
      });
      await Promise.race([namespaceInformer.start(), stopRequested]);
      if (stopping) return;
    }
    informers = (namespaces ?? [options.namespace]).map((namespace) =>
      superviseInformer({
        connection: client.connection,
        ...(options.keepManagedFields ? { keepManagedFields: true } : {}),
        resource: options.resource,
        ...(namespace ? { namespace } : {}),
        ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
        onEvent,
        onRestart: (error, delayMs) => metrics?.onInformerRestart?.(error, delayMs),
      }),
    );
    // stop() during the first list: a stopped informer never syncs.
    await Promise.race([Promise.all(informers.map((informer) => informer.start())), stopRequested]);
    if (stopping) return;
    state = 'running';
    elector?.start();
    if (options.resyncMs) {
      resync = setInterval(() => {
        for (const { informer } of informers) {
          for (const object of informer.list()) onEvent('update', object);
        }
      }, options.resyncMs);
      resync.unref();
    }
  }

  async function stopOnce(stopOptions: StopOptions): Promise<StopResult> {
    state = 'stopping';
    if (resync) clearInterval(resync);
    const drained = queue.stop(); // no new work from here on
    for (const running of inFlight.values()) {
      running.abort(new Error('the controller is stopping'));
    }
    await Promise.all(informers.map((informer) => informer.stop()));
    await namespaceInformer?.stop();
    const finished = await settledWithin(drained, stopOptions.timeoutMs);
    const unfinished = finished ? [] : queue.inFlightKeys;
    // The Events of the last transitions: sent before the connections close (bounded).
    await client.events?.flush(Math.min(stopOptions.timeoutMs ?? 5_000, 5_000));
    // The Lease was renewed meanwhile: no other replica reconciled these objects yet.
    await elector?.stop({ release: true });
    await client.close();
    state = 'stopped';
    return { unfinished };
  }
}

/**
 * The namespaces of `namespaces` (de-duplicated), or `undefined` (one informer: `namespace` or
 * all namespaces). Throws `PauseError` (`INVALID_POLICY`) for contradictory scoping.
 */
function watchedNamespaces(
  options: Pick<PausableControllerOptions, 'resource' | 'namespace' | 'namespaces'>,
): string[] | undefined {
  const { namespaces } = options;
  if (namespaces === undefined) return undefined;
  const invalid = (why: string) =>
    new PauseError('INVALID_POLICY', `createPausableController: ${why}`);
  if (options.namespace !== undefined) {
    throw invalid('give `namespace` (one) or `namespaces` (several), not both');
  }
  if (options.resource.namespaced === false) {
    throw invalid(
      `\`namespaces\` needs a namespaced resource (${options.resource.plural} is cluster-scoped)`,
    );
  }
  if (namespaces.length === 0 || namespaces.some((namespace) => !namespace)) {
    throw invalid('`namespaces` must list at least one namespace, none empty');
  }
  return [...new Set(namespaces)];
}
