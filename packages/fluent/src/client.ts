import type { PauseClient } from '@pause/core/adapter';
import {
  createKubeConnection,
  createRestPauseClient,
  type KubeConfigSource,
  type KubeConnection,
  type KubeConnectionOptions,
  type StatusStrategy,
} from '@pause/http';
import { loadFluentKubeConfig } from './kfc-runtime.ts';
import { coordinatesOf, type KindSource } from './resource-path.ts';

/** Who the recorded Events say reported them (`source.component` / `reportingComponent`). */
export interface EventSource {
  /** e.g. `my-operator` or the Pepr module name. Default `pause`. */
  component?: string;
  /** e.g. the pod name. Default: the `HOSTNAME` environment variable when set. */
  instance?: string;
}

/** Options of the connection pool a client creates (see {@link FluentPauseClientOptions}). */
export interface FluentConnectionOptions extends Omit<KubeConnectionOptions, 'kubeConfig'> {
  /**
   * The cluster and credentials. Default: kfc's own, `KubeConfig.loadFromDefault()` of the
   * `@kubernetes/client-node` kubernetes-fluent-client depends on (`KUBECONFIG`, else
   * `~/.kube/config`, else in-cluster), loaded on the first call.
   */
  kubeConfig?: KubeConfigSource;
}

/** Options of {@link createFluentPauseClient}. */
export interface FluentPauseClientOptions extends KindSource {
  /** Who the recorded Events say reported them. */
  events?: EventSource;
  /**
   * How the `Paused` condition is written. `json-patch` (default): a resourceVersion-guarded
   * JSON Patch of this condition's entry, safe on every CRD. `server-side-apply`: only for CRDs
   * whose `status.conditions` is a map-list keyed by `type`.
   */
  statusStrategy?: StatusStrategy;
  /** `fieldManager` of every write. Default `pause-controller`. */
  fieldManager?: string;
  /** A pool to share with other clients (not closed by this one); one is created otherwise. */
  connection?: KubeConnection;
  /** Options of the pool created when `connection` is not given. */
  connectionOptions?: FluentConnectionOptions;
  /** Clock for Event timestamps. Default `Date.now`. */
  now?: () => number;
}

/** A {@link PauseClient} for kubernetes-fluent-client models, plus its connection pool. */
export interface FluentPauseClient extends PauseClient {
  /** The one pool every call goes through: `connection.stats().connectionsOpened`. */
  readonly connection: KubeConnection;
  /** Closes the pool when this client created it. */
  close(): Promise<void>;
}

/**
 * The pause port for one resource type (a kfc model, a model registered with `RegisterKind`, or
 * `GenericKind` with an explicit `kind`), namespaced or cluster-scoped. Every call (`read`, the
 * metadata merge patch, the guarded `/status` write, the Event) goes through ONE keep-alive
 * connection pool to kfc's cluster, read on the first call.
 */
export function createFluentPauseClient(options: FluentPauseClientOptions = {}): FluentPauseClient {
  const source: KindSource = {
    ...(options.model ? { model: options.model } : {}),
    ...(options.kind ? { kind: options.kind } : {}),
    ...(options.plural ? { plural: options.plural } : {}),
  };
  const owned = options.connection === undefined;
  const connection =
    options.connection ??
    createKubeConnection({
      userAgent: 'pause-fluent',
      ...options.connectionOptions,
      kubeConfig: options.connectionOptions?.kubeConfig ?? loadFluentKubeConfig,
    });
  const instance = options.events?.instance ?? process.env.HOSTNAME;
  const port = createRestPauseClient({
    connection,
    resource: (ref) => coordinatesOf(source, ref),
    reporter: {
      component: options.events?.component ?? 'pause',
      ...(instance ? { instance } : {}),
    },
    ...(options.statusStrategy ? { statusStrategy: options.statusStrategy } : {}),
    ...(options.fieldManager ? { fieldManager: options.fieldManager } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    ...port,
    connection,
    async close() {
      if (owned) await connection.close();
    },
  };
}
