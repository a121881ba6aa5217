import {
  type BackoffOptions,
  createPausePolicy,
  type Instant,
  type KubeObject,
  type ObjectRef,
  type PauseApiError,
  type PauseOutcome,
  type PausePolicy,
  type PausePolicyOptions,
  runPause,
  runSelfPause,
  type SelfPauseInput,
} from '@pause/core';
import { type PauseClient, refOf, retryDelayMs, toPauseApiError } from '@pause/core/adapter';
import { FakePauseClient } from './client.ts';
import type { FakeCluster } from './cluster.ts';
import { keyOf } from './records.ts';

/** What the reconcile under test gets besides the object. */
export interface FakeReconcileContext {
  /** The client the controller uses (a {@link FakePauseClient} unless one was given). */
  client: PauseClient;
  /** Pause this object on the controller's own initiative (`runSelfPause`); the step stops. */
  selfPause(input: SelfPauseInput): Promise<PauseOutcome>;
}

/** What a reconcile may return to be looked at again later (a `ctrl.Result{RequeueAfter}`). */
export interface FakeReconcileResult {
  requeueAfterMs?: number;
}

/**
 * The user's reconcile: runs only when pause says `continue`. Return (or resolve to) a
 * {@link FakeReconcileResult} to ask for a requeue; any other value is ignored.
 */
export type FakeReconcile = (object: KubeObject, context: FakeReconcileContext) => unknown;

function requeueAsked(value: unknown): number | undefined {
  const asked = (value as FakeReconcileResult | null | undefined)?.requeueAfterMs;
  return typeof value === 'object' && typeof asked === 'number' ? asked : undefined;
}

/** Options of {@link createFakeController}. */
export interface FakeControllerOptions {
  cluster: FakeCluster;
  /** The pause policy, or its options (as the adapters' controllers take it). */
  pause: PausePolicy | PausePolicyOptions;
  reconcile: FakeReconcile;
  /** The time pause sees: fixed, or read at every step. Change it later with `setNow`. */
  now: Instant | (() => Instant);
  /** The adapter to drive (default: a new {@link FakePauseClient} on `cluster`). */
  client?: PauseClient;
  /**
   * Per-object exponential backoff after a failure (core's `retryDelayMs`, as a workqueue rate
   * limiter). Default 5 ms doubling up to 1000 s, without jitter so steps are repeatable.
   */
  backoff?: BackoffOptions;
}

/** How one reconcile step ended. */
export interface FakeStep {
  /**
   * `continued`: not paused, the reconcile ran. `stopped`: paused (or self-paused), the
   * reconcile did not run. `requeued`: a call failed; try again after `requeueAfterMs`.
   * `gone`: the object no longer exists; it is forgotten.
   */
  result: 'continued' | 'stopped' | 'requeued' | 'gone';
  /** When the object is looked at again: `Retry-After`, backoff, `until`, or the reconcile's ask. */
  requeueAfterMs?: number;
  /** The failure behind a `requeued`. */
  error?: PauseApiError;
  /** What `runPause` returned, when it ran. */
  outcome?: PauseOutcome;
}

/** One entry of the controller's work queue. */
export interface QueuedItem {
  ref: ObjectRef;
  /** Delay asked for, in milliseconds (0: now). */
  afterMs: number;
}

/** A controller driven by hand: one reconcile step at a time, with its work queue visible. */
export interface FakeController {
  readonly client: PauseClient;
  /** Work queue, soonest first (like a delaying workqueue, one entry per object). */
  readonly queue: readonly QueuedItem[];
  /** Every step taken so far. */
  readonly steps: readonly FakeStep[];
  /** Run one reconcile of `ref` now (pause first, then the reconcile when it may run). */
  step(ref: ObjectRef): Promise<FakeStep>;
  /** Take the soonest queued object and step it; `undefined` when the queue is empty. */
  stepNext(): Promise<FakeStep | undefined>;
  /** Add `ref` to the work queue (an existing entry keeps the sooner delay). */
  enqueue(ref: ObjectRef, afterMs?: number): void;
  /** Enqueue every object the cluster's watch reports from now on. Returns stop. */
  watch(): () => void;
  /** Change the time pause sees. */
  setNow(now: Instant | (() => Instant)): void;
}

/**
 * A fake controller over a {@link FakeCluster}: `step(ref)` reads the object, runs `runPause`,
 * runs the reconcile when pause allows it, and tells whether it continued, stopped, asked to
 * requeue (and after how long) or found the object gone.
 */
export function createFakeController(options: FakeControllerOptions): FakeController {
  const client = options.client ?? new FakePauseClient(options.cluster);
  const policy = createPausePolicy(options.pause);
  const backoff: BackoffOptions = { baseMs: 5, maxMs: 1_000_000, jitter: 0, ...options.backoff };
  const failures = new Map<string, number>();
  const queue = new Map<string, QueuedItem>();
  const steps: FakeStep[] = [];
  let now = options.now;
  const currentTime = (): Instant => (typeof now === 'function' ? now() : now);

  const enqueue = (ref: ObjectRef, afterMs = 0) => {
    const existing = queue.get(keyOf(ref));
    if (existing === undefined || afterMs < existing.afterMs)
      queue.set(keyOf(ref), { ref, afterMs });
  };
  const failed = (ref: ObjectRef, error: PauseApiError, retryAfterMs?: number): FakeStep => {
    const count = (failures.get(keyOf(ref)) ?? 0) + 1;
    failures.set(keyOf(ref), count);
    // Jitter is drawn only when asked for: the default fake is deterministic.
    const random = backoff.jitter ? Math.random() : 0.5;
    const delay = retryDelayMs({ ...backoff, attempt: count, retryAfterMs, random });
    return { result: 'requeued', requeueAfterMs: delay, error };
  };

  /** The object's Namespace from the cluster, for a policy with `namespaceLabelKey`. */
  const namespaceOf = (ref: ObjectRef): KubeObject | undefined =>
    policy.namespaceLabelKey !== undefined && ref.namespace
      ? options.cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: ref.namespace })
      : undefined;

  const run = async (ref: ObjectRef): Promise<FakeStep> => {
    let object: KubeObject | undefined;
    try {
      object = await client.read(ref);
    } catch (thrown) {
      return failed(ref, toPauseApiError(thrown));
    }
    if (object === undefined) return { result: 'gone' };
    const namespace = namespaceOf(ref);
    const outcome = await runPause(client, object, policy, {
      now: currentTime(),
      ...(namespace ? { namespace } : {}),
    });
    if (outcome.action === 'gone') return { result: 'gone', outcome };
    if (outcome.action === 'requeue')
      return { ...failed(ref, outcome.error, outcome.retryAfterMs), outcome };
    failures.delete(keyOf(ref));
    if (outcome.action === 'stop') {
      const step: FakeStep = { result: 'stopped', outcome };
      if (outcome.requeueAfterMs !== undefined) step.requeueAfterMs = outcome.requeueAfterMs;
      return step;
    }
    let selfPaused: PauseOutcome | undefined;
    const context: FakeReconcileContext = {
      client,
      async selfPause(input) {
        selfPaused = await runSelfPause(client, outcome.object, policy, input, {
          now: currentTime(),
        });
        return selfPaused;
      },
    };
    let asked: unknown;
    try {
      asked = await options.reconcile(outcome.object, context);
    } catch (thrown) {
      return { ...failed(ref, toPauseApiError(thrown)), outcome };
    }
    if (selfPaused !== undefined) {
      if (selfPaused.action === 'requeue')
        return { ...failed(ref, selfPaused.error, selfPaused.retryAfterMs), outcome: selfPaused };
      return { result: selfPaused.action === 'gone' ? 'gone' : 'stopped', outcome: selfPaused };
    }
    const step: FakeStep = { result: 'continued', outcome };
    const requeueAfterMs = requeueAsked(asked);
    if (requeueAfterMs !== undefined) step.requeueAfterMs = requeueAfterMs;
    return step;
  };

  const controller: FakeController = {
    client,
    get queue() {
      return [...queue.values()].sort((a, b) => a.afterMs - b.afterMs);
    },
    get steps() {
      return [...steps];
    },
    async step(ref) {
      queue.delete(keyOf(ref));
      const step = await run(ref);
      if (step.result === 'gone') failures.delete(keyOf(ref));
      else if (step.requeueAfterMs !== undefined) enqueue(ref, step.requeueAfterMs);
      steps.push(step);
      return step;
    },
    async stepNext() {
      const next = controller.queue[0];
      return next === undefined ? undefined : controller.step(next.ref);
    },
    enqueue,
    watch() {
      return options.cluster.watch((event) => {
        const { apiVersion, kind, metadata } = event.object;
        if (event.type === 'DELETED' || !apiVersion || !kind || !metadata?.name) return;
        if (policy.namespaceLabelKey !== undefined && apiVersion === 'v1' && kind === 'Namespace') {
          // A Namespace is not reconciled: its pause label concerns the objects in it.
          for (const object of options.cluster.list()) {
            if (object.metadata?.namespace === metadata.name) enqueue(refOf(object));
          }
          return;
        }
        enqueue(
          metadata.namespace
            ? { apiVersion, kind, name: metadata.name, namespace: metadata.namespace }
            : { apiVersion, kind, name: metadata.name },
        );
      });
    },
    setNow(next) {
      now = next;
    },
  };
  return controller;
}
