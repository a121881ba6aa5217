import { type KubernetesObject, type ListPromise, ListWatch } from '@kubernetes/client-node';
import { type BackoffOptions, retryDelayMs } from '@pause/core/adapter';
import type { KubeConnection } from '@pause/http';
import type { CustomResource } from '../resource.ts';
import { listInPages } from './paged-list.ts';
import { PoolWatch } from './pool-watch.ts';

/** Informer notifications the supervisor forwards (client-node's `add` / `update` / `delete`). */
export type InformerEventType = 'add' | 'update' | 'delete';

/** Options of {@link superviseInformer}. */
export interface InformerSupervisorOptions {
  /** The shared pool: the watches are {@link PoolWatch}es on it. */
  connection: KubeConnection;
  /**
   * Keep `metadata.managedFields` in the cache. Default false: removed from every listed and
   * watched object on arrival (client-go's `TransformStripManagedFields`).
   */
  keepManagedFields?: boolean;
  resource: CustomResource;
  /** Watch one namespace only (namespaced resources). Default: all namespaces. */
  namespace?: string;
  /** Label selector of the list and watch. */
  labelSelector?: string;
  /** Delay between restarts after `error` events. Default 500 ms doubling to 30 s. */
  backoff?: BackoffOptions;
  onEvent(type: InformerEventType, object: KubernetesObject): void;
  /** The informer stopped on `error` and will be restarted after `delayMs`. */
  onRestart?(error: unknown, delayMs: number): void;
}

/** The informer of a controller, as its user sees it. */
export interface ControllerInformer {
  /** client-node's `ListWatch` (its cache: `get(name, namespace)`, `list()`). */
  readonly informer: ListWatch<KubernetesObject>;
  /** How many times it was restarted after an `error` event. */
  readonly restarts: number;
  /** Resolves after the first list completed (retried until it does). */
  readonly synced: Promise<void>;
}

/** A self-restarting informer (call `start()`). */
export interface SupervisedInformer extends ControllerInformer {
  /** Lists and watches; resolves once the first list completed. */
  start(): Promise<void>;
  /** Stops watching and restarting. */
  stop(): Promise<void>;
}

/**
 * Runs client-node's informer (`ListWatch` over a {@link PoolWatch} on the shared pool) and keeps
 * it running. `ListWatch` itself re-watches from the last `resourceVersion` when the server
 * closes a watch, and re-lists when the server answers 410 Gone; but after an `error` event
 * (connection reset, list failure, 5xx) it stops for good. This supervisor restarts it with
 * backoff: from the last resourceVersion, so no event is lost (a too-old one is answered with
 * 410 and re-listed, which fires `add`/`update`/`delete` for what changed meanwhile).
 */
export function superviseInformer(options: InformerSupervisorOptions): SupervisedInformer {
  const { resource, namespace } = options;
  const { group, version, plural } = resource;
  const path =
    namespace && resource.namespaced !== false
      ? `/apis/${group}/${version}/namespaces/${namespace}/${plural}`
      : `/apis/${group}/${version}/${plural}`;
  return supervise({ ...options, path });
}

/** Options of {@link superviseNamespaceInformer}. */
export interface NamespaceInformerOptions
  extends Pick<
    InformerSupervisorOptions,
    'connection' | 'keepManagedFields' | 'backoff' | 'onEvent' | 'onRestart'
  > {
  /** Label selector of the Namespaces to cache, e.g. the namespace pause label key. */
  labelSelector: string;
}

/** A {@link superviseInformer} of the Namespaces matching `labelSelector`. */
export function superviseNamespaceInformer(options: NamespaceInformerOptions): SupervisedInformer {
  return supervise({ ...options, path: '/api/v1/namespaces' });
}

interface SuperviseOptions
  extends Pick<
    InformerSupervisorOptions,
    'connection' | 'keepManagedFields' | 'labelSelector' | 'backoff' | 'onEvent' | 'onRestart'
  > {
  path: string;
}

/** The supervised `ListWatch` of `path` (see {@link superviseInformer}). */
function supervise(options: SuperviseOptions): SupervisedInformer {
  const { path, labelSelector } = options;
  const transform = options.keepManagedFields ? undefined : stripManagedFields;
  const list: ListPromise<KubernetesObject> = () =>
    listInPages({ connection: options.connection, path, labelSelector, transform });
  const watch = new PoolWatch(options.connection, transform ? { transform } : {});
  const informer = new ListWatch<KubernetesObject>(path, watch, list, false, labelSelector);
  let stopped = false;
  let failures = 0;
  let restarts = 0;
  let timer: NodeJS.Timeout | undefined;
  let markSynced: () => void = () => undefined;
  const synced = new Promise<void>((resolve) => {
    markSynced = resolve;
  });
  const forward = (type: InformerEventType) => (object: KubernetesObject) => {
    failures = 0;
    options.onEvent(type, object);
  };
  informer.on('add', forward('add'));
  informer.on('update', forward('update'));
  informer.on('delete', forward('delete'));
  const run = async () => {
    await informer.start(); // resolves once listed and watching, or after an `error` event
    if (informer.latestResourceVersion()) markSynced();
  };
  informer.on('error', (error: unknown) => {
    if (stopped) return;
    failures++;
    const delayMs = retryDelayMs({
      baseMs: 500,
      maxMs: 30_000,
      ...options.backoff,
      attempt: failures,
      random: Math.random(),
    });
    options.onRestart?.(describeFailure(error, path, labelSelector), delayMs);
    timer = setTimeout(() => {
      timer = undefined;
      if (stopped) return;
      restarts++;
      void run();
    }, delayMs);
  });
  return {
    informer,
    async start() {
      await run();
      await synced;
    },
    get restarts() {
      return restarts;
    },
    synced,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await informer.stop();
    },
  };
}

/**
 * Removes `metadata.managedFields` in place: the server-side apply bookkeeping, often the
 * largest part of an object, read by no pause decision. Every watch event replaces a cached
 * object, so a smaller one is less garbage for the GC: 28 MB less RSS after pausing 2,000
 * objects in the controller bench.
 */
export function stripManagedFields(object: KubernetesObject): void {
  if (object.metadata?.managedFields !== undefined) delete object.metadata.managedFields;
}

/**
 * The informer's failure, saying what failed: the path (and selector) of the list or watch are
 * added to the error's own message (a connection reset says nothing of them); the original is
 * the `cause`.
 */
export function describeFailure(
  error: unknown,
  path: string,
  labelSelector: string | undefined,
): Error {
  const message = error instanceof Error ? error.message : String(error);
  const what = labelSelector ? `${path}?labelSelector=${labelSelector}` : path;
  return new Error(`list or watch of ${what} failed: ${message}`, { cause: error });
}
