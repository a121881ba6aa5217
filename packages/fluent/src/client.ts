import type { KubeObject, ObjectRef, PauseClient } from '@pause/core';
import { GenericKind, K8s } from 'kubernetes-fluent-client';
import {
  type ClusterConnection,
  type ClusterConnectionOptions,
  createClusterConnection,
} from './cluster-connection.ts';
import { toFluentApiError } from './errors.ts';
import { createCoreEvent, type EventSource } from './events.ts';
import { type KindSource, objectPath, resolveKind } from './resource-path.ts';
import { patchConditionGuarded, patchMetadata } from './status-request.ts';

/** Options of {@link createFluentPauseClient}. */
export interface FluentPauseClientOptions extends KindSource {
  /** Who the recorded Events say reported them. */
  events?: EventSource;
  /** The connection pool for the guarded writes; one is created (and owned) otherwise. */
  connection?: ClusterConnection;
  /** Options of the pool created when `connection` is not given. */
  connectionOptions?: ClusterConnectionOptions;
  /** Clock for Event timestamps. Default `Date.now`. */
  now?: () => number;
}

/** A {@link PauseClient} over kubernetes-fluent-client, plus its connection pool. */
export interface FluentPauseClient extends PauseClient {
  /** The pool the metadata and status writes go through. */
  readonly connection: ClusterConnection;
  /** Closes the pool when this client created it. */
  close(): Promise<void>;
}

/**
 * Binds the pause port to kubernetes-fluent-client for one resource type (a kfc model, a model
 * registered with `RegisterKind`, or `GenericKind` with an explicit `kind`), namespaced or
 * cluster-scoped:
 * - `read`: `K8s(model, { kindOverride }).InNamespace(ns).Get(name)`; 404 is `undefined`.
 * - `writeMetadata`: a merge patch of `metadata.labels`/`annotations`.
 * - `writeCondition`: the resourceVersion-guarded JSON Patch of `/status` (never `PatchStatus`).
 * - `recordEvent`: a `core/v1` Event through `K8s(kind.CoreEvent).Create`.
 * The cluster is kfc's: `KUBECONFIG`, else the in-cluster service account.
 */
export function createFluentPauseClient(options: FluentPauseClientOptions = {}): FluentPauseClient {
  const source: KindSource = {
    ...(options.model ? { model: options.model } : {}),
    ...(options.kind ? { kind: options.kind } : {}),
    ...(options.plural ? { plural: options.plural } : {}),
  };
  const owned = options.connection === undefined;
  const connection = options.connection ?? createClusterConnection(options.connectionOptions);
  const now = options.now ?? Date.now;
  const eventSource = options.events ?? {};

  return {
    connection,
    async read(ref: ObjectRef): Promise<KubeObject | undefined> {
      const kindOverride = resolveKind(source, ref);
      const model = options.model ?? GenericKind;
      try {
        const fluent = K8s(model, { kindOverride });
        const scoped = ref.namespace ? fluent.InNamespace(ref.namespace) : fluent;
        return (await scoped.Get(ref.name)) as KubeObject;
      } catch (thrown) {
        const error = toFluentApiError(
          thrown,
          `get ${ref.kind} ${ref.namespace ?? ''}/${ref.name}`,
        );
        if (error.kind === 'not-found') return undefined;
        throw error;
      }
    },
    writeMetadata(ref, write) {
      return patchMetadata(connection, objectPath(resolveKind(source, ref), ref), write);
    },
    writeCondition(ref, base, change) {
      const statusPath = objectPath(resolveKind(source, ref), ref, 'status');
      return patchConditionGuarded(connection, statusPath, base, change);
    },
    recordEvent(object, event) {
      return createCoreEvent(object, event, eventSource, new Date(now()));
    },
    async close() {
      if (owned) await connection.close();
    },
  };
}
