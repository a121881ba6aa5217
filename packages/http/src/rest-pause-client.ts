import { type ConditionChange, type KubeObject, type ObjectRef, PauseError } from '@pause/core';
import {
  type CoreEventBody,
  conditionApplyPatch,
  conditionJsonPatch,
  coreEventFor,
  type EventReporter,
  metadataMergePatch,
  objectKey,
  type PauseClient,
} from '@pause/core/adapter';
import type { KubeConnection } from './connection.ts';
import type { EventQueue } from './event-queue.ts';
import { type ResourceCoordinates, resourcePath } from './resource-path.ts';

const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';
const APPLY_PATCH = 'application/apply-patch+yaml';

/**
 * How `status.conditions` is written on the `/status` subresource.
 * - `json-patch` (default): a JSON Patch whose first op `test`s `/metadata/resourceVersion`
 *   and that edits only this condition's entry by index (each touched index `test`ed for its
 *   `type`). Safe on every CRD; a stale read fails with 422, which the core reads as a conflict.
 * - `server-side-apply`: an apply of this field manager's one condition, with the read
 *   `resourceVersion` as precondition (409 when stale). Safe ONLY when the CRD declares
 *   `status.conditions` as `x-kubernetes-list-type: map` keyed by `type`; otherwise apply
 *   replaces the whole list. Removals still use the guarded JSON Patch (kube-apiserver 1.20
 *   stores an emptied applied map list as `null`).
 */
export type StatusStrategy = 'json-patch' | 'server-side-apply';

/** Options of {@link createRestPauseClient}. */
export interface RestPauseClientOptions {
  /** The connection pool every call goes through. */
  connection: KubeConnection;
  /** Where the objects live: one resource, or resolved per object (e.g. from a model). */
  resource: ResourceCoordinates | ((ref: ObjectRef) => ResourceCoordinates);
  /** Default `json-patch` (safe on every CRD; see {@link StatusStrategy}). */
  statusStrategy?: StatusStrategy;
  /** `fieldManager` of every write (the server-side apply owner). Default `pause-controller`. */
  fieldManager?: string;
  /** Who the recorded Events say reported them. */
  reporter: EventReporter;
  /** Clock of the Event timestamps. Default `Date.now`. */
  now?: () => number;
  /**
   * Record Events off the caller's path through this queue (see {@link createEventQueue}):
   * `recordEvent` builds the Event (its timestamps are the transition's) and returns at once.
   * Default: `recordEvent` awaits the POST.
   */
  events?: EventQueue;
}

/**
 * The {@link PauseClient} port over the Kubernetes REST API on one {@link KubeConnection}:
 * `read` is a GET (404 is `undefined`), `writeMetadata` a merge patch of labels and
 * annotations, `writeCondition` the guarded write of the chosen {@link StatusStrategy}, and
 * `recordEvent` a POST of the `core/v1` Event. Every failure is a `PauseApiError`.
 */
export function createRestPauseClient(options: RestPauseClientOptions): PauseClient {
  const { connection } = options;
  const strategy = options.statusStrategy ?? 'json-patch';
  if (strategy !== 'json-patch' && strategy !== 'server-side-apply') {
    throw new PauseError(
      'INVALID_POLICY',
      `statusStrategy must be "json-patch" or "server-side-apply", got "${String(strategy)}"`,
    );
  }
  const fieldManager = encodeURIComponent(options.fieldManager ?? 'pause-controller');
  const now = options.now ?? Date.now;
  const resourceOf =
    typeof options.resource === 'function'
      ? options.resource
      : () => options.resource as ResourceCoordinates;
  const where = (ref: ObjectRef) => {
    const resource = resourceOf(ref);
    return {
      path: resourcePath(resource, ref),
      label: `${resource.plural}/${objectKey(ref)}`,
    };
  };

  const patchStatus = (ref: ObjectRef, body: unknown, apply: boolean) => {
    const { path, label } = where(ref);
    return connection.send<KubeObject>({
      method: 'PATCH',
      path: `${path}/status?fieldManager=${fieldManager}${apply ? '&force=true' : ''}`,
      body,
      contentType: apply ? APPLY_PATCH : JSON_PATCH,
      operation: `patch status of ${label}`,
    });
  };

  return {
    async read(ref) {
      const { path, label } = where(ref);
      try {
        return await connection.send<KubeObject>({
          method: 'GET',
          path,
          operation: `get ${label}`,
        });
      } catch (error) {
        if (PauseError.isInstance(error) && (error as { statusCode?: number }).statusCode === 404) {
          return undefined;
        }
        throw error;
      }
    },

    writeMetadata(ref, write) {
      const { path, label } = where(ref);
      return connection.send<KubeObject>({
        method: 'PATCH',
        path: `${path}?fieldManager=${fieldManager}`,
        body: metadataMergePatch(write),
        contentType: MERGE_PATCH,
        operation: `patch metadata of ${label}`,
      });
    },

    async writeCondition(ref, base, change: ConditionChange) {
      if (strategy === 'server-side-apply' && change.op === 'set') {
        const body = conditionApplyPatch(base, change);
        // The resourceVersion read is a precondition: a decision made on a stale read fails
        // with 409 instead of landing.
        const resourceVersion = base.metadata?.resourceVersion;
        if (resourceVersion) body.metadata = { ...body.metadata, resourceVersion };
        return patchStatus(ref, body, true);
      }
      const operations = conditionJsonPatch(base, change);
      if (operations.length === 0) return base;
      return patchStatus(ref, operations, false);
    },

    async recordEvent(object, event) {
      const body = coreEventFor(object, event, options.reporter, now());
      if (options.events) options.events.enqueue(body);
      else await postEvent(connection, body);
    },
  };
}

/** POSTs a `core/v1` Event built by `coreEventFor` (its namespace is in its metadata). */
export async function postEvent(connection: KubeConnection, body: CoreEventBody): Promise<void> {
  await connection.send({
    method: 'POST',
    path: `/api/v1/namespaces/${encodeURIComponent(body.metadata.namespace)}/events`,
    body,
    operation: `create event ${body.reason} about ${body.involvedObject.name}`,
    ignoreAnswer: true,
  });
}
