import type { KubeConfig } from '@kubernetes/client-node';
import type {
  KubeObject,
  PauseOutcome,
  PausePolicy,
  PauseWarning,
  SelfPauseInput,
} from '@pause/core';
import type { ClientNodePauseClient, StatusStrategy } from '../client.ts';
import type { SharedConnectionPool } from '../http-pool.ts';
import type { PauseMetricsHooks } from '../metrics.ts';
import type { CustomResource } from '../resource.ts';
import type { BackoffOptions } from './backoff.ts';
import type { SupervisedInformer } from './informer-supervisor.ts';

/** What the user's reconcile receives besides the object. */
export interface ReconcileContext {
  /**
   * Aborted when the object gets paused (a watch event shows the pause label) while this
   * reconcile runs. Stop promptly; the `Paused` condition is written after you return.
   */
  signal: AbortSignal;
  /** Work-queue key, `namespace/name` or `name`. */
  key: string;
  /**
   * Pause this object on the controller's own initiative (`runSelfPause` of `@pause/core`):
   * the label (value = the policy's `ownerId`) is written first, then the condition, so the
   * pause holds even if the second write fails. Needs `ownerId` in the policy.
   */
  selfPause(input: SelfPauseInput): Promise<PauseOutcome>;
}

/** What a reconcile may return: nothing, or when to run again. */
export type ReconcileResult = undefined | { requeueAfterMs?: number };

/** The user's reconcile of one object (only called when the object is not paused). */
export type ReconcileFunction = (
  object: KubeObject,
  context: ReconcileContext,
  // biome-ignore lint/suspicious/noConfusingVoidType: a reconcile may return nothing
) => Promise<ReconcileResult | void>;

/** Options of {@link createPausableController}. */
export interface PausableControllerOptions {
  kubeConfig: KubeConfig;
  resource: CustomResource;
  /** From `createPausePolicy` of `@pause/core`. */
  policy: PausePolicy;
  reconcile: ReconcileFunction;
  /** Watch one namespace only. Default: all namespaces. */
  namespace?: string;
  labelSelector?: string;
  statusStrategy?: StatusStrategy;
  fieldManager?: string;
  reportingComponent?: string;
  reportingInstance?: string;
  /** Use this connection pool instead of creating one (it is then not closed by `stop()`). */
  pool?: SharedConnectionPool;
  /** Objects reconciled at once (never the same object twice). Default 2. */
  concurrency?: number;
  /** Retry delays after failures. Default 100 ms doubling to 60 s, ±20 % jitter. */
  backoff?: BackoffOptions;
  /** Re-queue every cached object this often (client-go's resync). Default: never. */
  resyncMs?: number;
  metrics?: PauseMetricsHooks;
  /** Non-fatal problems the core found (malformed conditions, failed Events). */
  onWarning?(key: string, warning: PauseWarning): void;
  /** A failed pause pass or reconcile (it is retried with backoff). */
  onError?(key: string, error: unknown): void;
  /** Clock for the pause decisions. Default `Date.now`. */
  now?: () => number;
}

/** A running (or startable) controller. */
export interface PausableController {
  /** The adapter's {@link ClientNodePauseClient} (available after `start()`). */
  readonly client: ClientNodePauseClient | undefined;
  /** The supervised informer (available after `start()`). */
  readonly informer: SupervisedInformer | undefined;
  /** Lists, watches and starts reconciling; resolves once the first list is done. */
  start(): Promise<void>;
  /** Stops watching, aborts in-flight reconciles and waits for them, closes connections. */
  stop(): Promise<void>;
  /** Resolves when no key is queued or in flight. */
  idle(): Promise<void>;
}
