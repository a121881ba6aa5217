import type { KubeConfig } from '@kubernetes/client-node';
import type {
  KubeObject,
  PauseOutcome,
  PausePolicy,
  PausePolicyOptions,
  PauseWarning,
  SelfPauseInput,
} from '@pause/core';
import type { BackoffOptions } from '@pause/core/adapter';
import type { ClientNodePauseClient, StatusStrategy } from '../client.ts';
import type { ControllerStatus } from '../controller-status.ts';
import type { PauseMetricsHooks } from '../metrics.ts';
import type { CustomResource } from '../resource.ts';
import type { ControllerInformer } from './informer-supervisor.ts';
import type { LeaderElectionOptions } from './leader-election.ts';

/** What the user's reconcile receives besides the object. */
export interface ReconcileContext<T extends KubeObject = KubeObject> {
  /**
   * Aborted when the object gets paused (a watch event shows the pause label) while this
   * reconcile runs. Stop promptly; the `Paused` condition is written after you return. Also
   * aborted when the object leaves this controller (deleted, or out of its `labelSelector`).
   */
  signal: AbortSignal;
  /** Work-queue key, `namespace/name` or `name`. */
  key: string;
  /**
   * The controller's port to the cluster: `client.writeCondition(ref, object, { op: 'set',
   * condition })` is the safe way to write your own condition (a guarded write that never
   * erases another writer's entry); `client.customObjects` / `client.core` are client-node's
   * APIs on the same connection pool.
   */
  client: ClientNodePauseClient;
  /**
   * Pause this object on the controller's own initiative (`runSelfPause` of `@pause/core`):
   * the label (value = the policy's `ownerId`) is written first, then the condition, so the
   * pause holds even if the second write fails. Needs `ownerId` in `pause`.
   */
  selfPause(input: SelfPauseInput): Promise<PauseOutcome<T>>;
}

/** What a reconcile may return: nothing, or when to run again. */
export type ReconcileResult = undefined | { requeueAfterMs?: number };

/** The user's reconcile of one object (only called when the object is not paused). */
export type ReconcileFunction<T extends KubeObject = KubeObject> = (
  object: T,
  context: ReconcileContext<T>,
  // biome-ignore lint/suspicious/noConfusingVoidType: a reconcile may return nothing
) => Promise<ReconcileResult | void>;

/** Options of {@link createPausableController}. */
export interface PausableControllerOptions<T extends KubeObject = KubeObject> {
  /** The custom resource to watch and reconcile. */
  resource: CustomResource;
  /**
   * The pause policy (`{ labelKey: 'example.com/paused', … }`: the options of
   * `createPausePolicy` of `@pause/core`, or a policy it built). Validated at once: invalid
   * options throw `PauseError`.
   */
  pause: PausePolicy | PausePolicyOptions;
  /** Your reconcile; runs only when the object is not paused. */
  reconcile: ReconcileFunction<T>;
  /**
   * Cluster and credentials. Default: `new KubeConfig().loadFromDefault()` (`KUBECONFIG`,
   * `~/.kube/config`, in-cluster), loaded on `start()`.
   */
  kubeConfig?: KubeConfig;
  /** Watch one namespace only. Default: all namespaces. */
  namespace?: string;
  /**
   * Watch these namespaces only (a shard of namespaces): one informer per namespace, all
   * feeding the same work queue. Not with `namespace`, nor for a cluster-scoped resource.
   */
  namespaces?: readonly string[];
  /**
   * Label selector of the list and watch (a shard by label). An object whose labels stop
   * matching is reported deleted by the server's watch: this controller forgets it.
   */
  labelSelector?: string;
  /**
   * Keep `metadata.managedFields` (server-side apply bookkeeping) in the informer's cache and
   * so in the objects your reconcile gets. Default `false`: removed on arrival, as client-go's
   * `cache.TransformStripManagedFields` does; it is often the largest part of an object and
   * no pause decision reads it (less memory: see BENCHMARKS.md).
   */
  keepManagedFields?: boolean;
  /** How the `Paused` condition is written. Default `json-patch` (see `StatusStrategy`). */
  statusStrategy?: StatusStrategy;
  /** `fieldManager` of every write. Default `pause-controller`. */
  fieldManager?: string;
  /** `reportingComponent` of the Events. Default: the field manager. */
  reportingComponent?: string;
  /** `reportingInstance` of the Events. Default: the host name. */
  reportingInstance?: string;
  /**
   * How the transition Events are recorded. `background` (default, as client-go's event
   * broadcaster): off the worker's path, through a bounded queue with aggregation of repeats and
   * a per-object spam filter (`client.events`); a failure or a drop is an `EVENT_FAILED`
   * warning; `stop()` and `idle()` wait for it. `inline`: each pass awaits its Events' POSTs.
   */
  events?: 'background' | 'inline';
  /** Objects reconciled at once (never the same object twice). Default 2. */
  concurrency?: number;
  /** Retry delays after failures (core's `retryDelayMs`). Default 100 ms doubling to 60 s, ±20 % jitter. */
  backoff?: BackoffOptions;
  /** Re-queue every cached object this often (client-go's resync). Default: never. */
  resyncMs?: number;
  /** Callbacks for your metrics (`createControllerMetrics` of `@pause/client-node/metrics`: prom-client). */
  metrics?: PauseMetricsHooks;
  /**
   * Several replicas: only the holder of this `coordination.k8s.io/v1` Lease reconciles
   * (client-go's leader election). Every replica watches (a warm cache); the leader's queue runs.
   * Default: off (this replica always reconciles).
   */
  leaderElection?: LeaderElectionOptions;
  /** Non-fatal problems the core found (malformed conditions, failed Events). */
  onWarning?(key: string, warning: PauseWarning): void;
  /** A failed pause pass or reconcile (it is retried with backoff). */
  onError?(key: string, error: unknown): void;
  /** Clock for the pause decisions. Default `Date.now`. */
  now?: () => number;
}

/** Options of `PausableController.stop`. */
export interface StopOptions {
  /**
   * Longest wait for the in-flight reconciles (their signals are aborted at once) before the
   * Lease is released and the connections closed anyway. Default: no limit.
   */
  timeoutMs?: number;
}

/** What `PausableController.stop` reports. */
export interface StopResult {
  /** Keys still being processed when `timeoutMs` ran out (empty: everything finished). */
  unfinished: string[];
}

/** A running (or startable) controller. */
export interface PausableController extends ControllerStatus {
  /** The controller's {@link ClientNodePauseClient} (its connection pool, `stats()`, APIs). */
  readonly client: ClientNodePauseClient;
  /**
   * The informer (after `start()`): its cache and how often it was restarted. With
   * `namespaces`: the first namespace's; see `informers`.
   */
  readonly informer: ControllerInformer | undefined;
  /** Every informer (after `start()`): one per namespace of `namespaces`, else just `informer`. */
  readonly informers: readonly ControllerInformer[];
  /** Lists, watches and starts reconciling; resolves once the first list is done (`running`). */
  start(): Promise<void>;
  /**
   * Graceful shutdown: `state` turns `stopping` (not ready) at once; the queue stops taking
   * work, the informers stop, in-flight reconciles have their `signal` aborted and are waited
   * for (at most `timeoutMs`); then the Lease is released and the connections closed. Calling
   * it again returns the first call's result.
   */
  stop(options?: StopOptions): Promise<StopResult>;
  /** Resolves when no key is queued or in flight and the Events are sent. */
  idle(): Promise<void>;
}
