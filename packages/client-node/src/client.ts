import { hostname } from 'node:os';
import {
  CoreV1Api,
  CustomObjectsApi,
  createConfiguration,
  type HttpMethod,
  KubeConfig,
  RequestContext,
  type SecurityAuthentication,
} from '@kubernetes/client-node';
import type { PauseClient } from '@pause/core/adapter';
import {
  createEventQueue,
  createKubeConnection,
  createRestPauseClient,
  type EventQueue,
  type KubeConnection,
  postEvent,
} from '@pause/http';
import type { CustomResource } from './resource.ts';

/**
 * How `status.conditions` is written on the `/status` subresource.
 * - `json-patch` (default): a JSON Patch whose first op `test`s `/metadata/resourceVersion`
 *   and that edits only this condition's entry by index. Safe on every CRD; a stale read fails
 *   with 422, which `runPause` re-reads and retries (bounded).
 * - `server-side-apply`: an apply of this field manager's one condition, with the read
 *   `resourceVersion` as precondition (409 when stale). Safe ONLY when the CRD declares
 *   `status.conditions` as `x-kubernetes-list-type: map` keyed by `type`; otherwise apply
 *   replaces the whole list. Removals still use the guarded JSON Patch.
 */
export type StatusStrategy = 'json-patch' | 'server-side-apply';

/** Options of {@link createClientNodePauseClient}. */
export interface ClientNodePauseClientOptions {
  /** The custom resource whose objects are paused. */
  resource: CustomResource;
  /**
   * Cluster and credentials (TLS, token, exec / OIDC plugins all keep working). Default: the
   * usual loading order of `new KubeConfig().loadFromDefault()` (`KUBECONFIG`, then
   * `~/.kube/config`, then the in-cluster service account), loaded on the first request.
   */
  kubeConfig?: KubeConfig;
  /** Default `json-patch` (safe on every CRD; see {@link StatusStrategy}). */
  statusStrategy?: StatusStrategy;
  /** `fieldManager` of every write (server-side apply owner). Default `pause-controller`. */
  fieldManager?: string;
  /** `reportingComponent` of the Events. Default: the field manager. */
  reportingComponent?: string;
  /** `reportingInstance` of the Events. Default: the host name (the pod name in a pod). */
  reportingInstance?: string;
  /**
   * Record Events off the caller's path, as client-go's event broadcaster does: `recordEvent`
   * returns at once and a bounded queue sends them (see `events`). A failure or a drop is
   * reported to `onFailure` (never thrown). Default: off, `recordEvent` awaits the POST.
   */
  backgroundEvents?: BackgroundEventsOptions;
}

/** Options of {@link ClientNodePauseClientOptions.backgroundEvents}. */
export interface BackgroundEventsOptions {
  /** An Event not recorded: `key` is its object's `namespace/name`, `message` says why. */
  onFailure?(key: string, message: string): void;
  /** Events waiting at most; more are dropped (client-go: 1000). Default 1000. */
  maxQueued?: number;
  /** Events one object may burst before one per 5 minutes (client-go: 25). Default 25. */
  burstPerObject?: number;
}

/**
 * The `PauseClient` port of `@pause/core` on one `@pause/http` connection pool, plus
 * client-node's generated APIs and watches bound to the same pool for your own calls.
 */
export interface ClientNodePauseClient extends PauseClient {
  /** The keep-alive connection pool every call goes through (`connection.stats()`). */
  readonly connection: KubeConnection;
  /** client-node's `CustomObjectsApi` on the pool (for your own calls). */
  readonly customObjects: CustomObjectsApi;
  /** client-node's `CoreV1Api` on the pool. */
  readonly core: CoreV1Api;
  /** Pass to client-node's `new Watch(...)` (or `ListWatch`) so watches use the pool too. */
  readonly watchConfig: KubeConfig;
  /** With `backgroundEvents`: the queue (`flush()`, `stats()`); else `undefined`. */
  readonly events: EventQueue | undefined;
  /** Closes the pool's connections once in-flight requests finish. */
  close(): Promise<void>;
}

/** The server URL of the kubeconfig's current context. */
function serverOf(kubeConfig: KubeConfig): string {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  return cluster.server;
}

/**
 * Creates the {@link ClientNodePauseClient} of one custom resource (namespaced or
 * cluster-scoped): the REST port of `@pause/http` (GET, merge patch of labels and
 * annotations, guarded condition write on `/status` with the chosen {@link StatusStrategy},
 * `core/v1` Events) on one lazy keep-alive pool. Nothing is loaded or connected until the first
 * call. Throws `PauseError` for an unknown `statusStrategy`.
 */
export function createClientNodePauseClient(
  options: ClientNodePauseClientOptions,
): ClientNodePauseClient {
  let loaded = options.kubeConfig;
  const kubeConfig = (): KubeConfig => {
    if (!loaded) {
      const fromDefault = new KubeConfig();
      fromDefault.loadFromDefault();
      loaded = fromDefault;
    }
    return loaded;
  };
  const connection = createKubeConnection({ kubeConfig });
  const fieldManager = options.fieldManager ?? 'pause-controller';
  const background = options.backgroundEvents;
  const events =
    background &&
    createEventQueue({
      send: (body) => postEvent(connection, body),
      ...(background.maxQueued !== undefined ? { maxQueued: background.maxQueued } : {}),
      ...(background.burstPerObject !== undefined
        ? { burstPerObject: background.burstPerObject }
        : {}),
      onFailure: (body, why) => {
        const { name, namespace } = body.involvedObject;
        background.onFailure?.(namespace ? `${namespace}/${name}` : name, why);
      },
    });
  const port = createRestPauseClient({
    connection,
    ...(events ? { events } : {}),
    resource: { ...options.resource, namespaced: options.resource.namespaced !== false },
    ...(options.statusStrategy ? { statusStrategy: options.statusStrategy } : {}),
    fieldManager,
    reporter: {
      component: options.reportingComponent ?? fieldManager,
      instance: options.reportingInstance ?? hostname(),
    },
  });
  // client-node's generated APIs and watches: the pool's dispatcher and per-request auth
  // headers instead of `KubeConfig.applySecurityAuthentication`, which builds a new undici
  // Agent (a new TLS connection) for every request.
  const authentication: SecurityAuthentication = {
    getName: () => 'pause connection pool',
    async applySecurityAuthentication(context: RequestContext) {
      for (const [name, value] of Object.entries(await connection.requestHeaders())) {
        context.setHeaderParam(name, value);
      }
      context.setDispatcher(await connection.dispatcher());
    },
  };
  const configuration = createConfiguration({
    // The server is read when a request is made, so that the kubeconfig loads lazily.
    baseServer: {
      makeRequestContext: (endpoint: string, method: HttpMethod) =>
        new RequestContext(serverOf(kubeConfig()) + endpoint, method),
    },
    authMethods: { default: authentication },
  });
  const watchConfig = {
    getCurrentCluster: () => kubeConfig().getCurrentCluster(),
    applySecurityAuthentication: (context: RequestContext) =>
      authentication.applySecurityAuthentication(context),
  } as unknown as KubeConfig; // `Watch` reads only these two members
  return {
    read: (ref) => port.read(ref),
    writeMetadata: (ref, write) => port.writeMetadata(ref, write),
    writeCondition: (ref, base, change) => port.writeCondition(ref, base, change),
    recordEvent: (object, event) => port.recordEvent(object, event),
    connection,
    customObjects: new CustomObjectsApi(configuration),
    core: new CoreV1Api(configuration),
    watchConfig,
    events: events || undefined,
    close: () => connection.close(),
  };
}
