import {
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import {
  type ConditionChange,
  conditionApplyPatch,
  conditionJsonPatch,
  type KubeObject,
  type MetadataWrite,
  type ObjectRef,
  PauseApiError,
  type PauseClient,
  type PauseEvent,
} from '@pause/core';
import { callApi } from './errors.ts';
import { type EventReporter, recordCoreEvent } from './events.ts';
import { createSharedConnectionPool, type SharedConnectionPool } from './http-pool.ts';
import { type CustomResource, coordinatesOf, keyOf } from './resource.ts';

/**
 * How `status.conditions` is written on the `/status` subresource.
 * - `json-patch` (default): a JSON Patch whose first op `test`s `/metadata/resourceVersion`
 *   (422 when another writer got there first: re-read and retried by `runPause`, bounded),
 *   editing only this condition's entry by index. Safe on every CRD.
 * - `server-side-apply`: an apply of this field manager's one condition (with the read
 *   `resourceVersion` as precondition: 409 on a stale read, retried the same way); removals
 *   still use the guarded JSON Patch (see `writeCondition`). Safe ONLY when the
 *   CRD declares `status.conditions` as `x-kubernetes-list-type: map` keyed by `type`;
 *   otherwise the list is atomic and apply replaces it whole.
 */
export type StatusStrategy = 'json-patch' | 'server-side-apply';

/** Options of {@link createClientNodePauseClient}. */
export interface ClientNodePauseClientOptions {
  /** Cluster and credentials (TLS, token, exec / OIDC plugins all keep working). */
  kubeConfig: KubeConfig;
  /** The custom resource whose objects are paused. */
  resource: CustomResource;
  /** Default `json-patch` (safe on every CRD; see {@link StatusStrategy}). */
  statusStrategy?: StatusStrategy;
  /** `fieldManager` of every write (server-side apply owner). Default `pause-controller`. */
  fieldManager?: string;
  /** `reportingComponent` of the Events. Default: the field manager. */
  reportingComponent?: string;
  /** `reportingInstance` of the Events. Default: the host name. */
  reportingInstance?: string;
  /** Reuse an existing pool (e.g. the controller's) instead of creating one. */
  pool?: SharedConnectionPool;
}

/** A {@link PauseClient} on `@kubernetes/client-node`, plus what it is built on. */
export interface ClientNodePauseClient extends PauseClient {
  /** The shared keep-alive connection pool every call goes through. */
  readonly pool: SharedConnectionPool;
  /** client-node's `CustomObjectsApi` bound to the pool (for your own calls). */
  readonly customObjects: CustomObjectsApi;
  /** client-node's `CoreV1Api` bound to the pool. */
  readonly core: CoreV1Api;
  /** Closes the pool when this client created it. */
  close(): Promise<void>;
}

const jsonPatchOptions = setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);
const mergePatchOptions = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const applyOptions = setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply);

/**
 * Creates the {@link PauseClient} for one custom resource (namespaced or cluster-scoped):
 * reads with `CustomObjectsApi.get*CustomObject`, merge-patches `metadata` labels and
 * annotations, writes conditions to `/status` with the chosen {@link StatusStrategy}, and
 * records `core/v1` Events. Every call shares one keep-alive connection pool.
 */
export async function createClientNodePauseClient(
  options: ClientNodePauseClientOptions,
): Promise<ClientNodePauseClient> {
  const { resource } = options;
  const strategy = options.statusStrategy ?? 'json-patch';
  if (strategy !== 'json-patch' && strategy !== 'server-side-apply') {
    throw new Error(
      `statusStrategy must be "json-patch" or "server-side-apply", got "${strategy}"`,
    );
  }
  const fieldManager = options.fieldManager ?? 'pause-controller';
  const reporter: EventReporter = {
    component: options.reportingComponent ?? fieldManager,
    ...(options.reportingInstance ? { instance: options.reportingInstance } : {}),
  };
  const ownsPool = options.pool === undefined;
  const pool = options.pool ?? (await createSharedConnectionPool(options.kubeConfig));
  const customObjects = new CustomObjectsApi(pool.configuration);
  const core = new CoreV1Api(pool.configuration);
  const label = (ref: ObjectRef) => `${resource.plural}/${keyOf(ref)}`;

  async function patchStatus(ref: ObjectRef, body: unknown, apply: boolean): Promise<KubeObject> {
    const at = coordinatesOf(resource, ref);
    const extra = apply ? { fieldManager, force: true } : { fieldManager };
    const callOptions = apply ? applyOptions : jsonPatchOptions;
    return callApi(`patch status of ${label(ref)}`, () =>
      at.namespace
        ? customObjects.patchNamespacedCustomObjectStatus(
            { ...at, namespace: at.namespace, body, ...extra },
            callOptions,
          )
        : customObjects.patchClusterCustomObjectStatus({ ...at, body, ...extra }, callOptions),
    );
  }

  return {
    pool,
    customObjects,
    core,
    close: async () => {
      if (ownsPool) await pool.close();
    },

    async read(ref: ObjectRef): Promise<KubeObject | undefined> {
      const at = coordinatesOf(resource, ref);
      try {
        return await callApi(`get ${label(ref)}`, () =>
          at.namespace
            ? customObjects.getNamespacedCustomObject({ ...at, namespace: at.namespace })
            : customObjects.getClusterCustomObject(at),
        );
      } catch (error) {
        if (PauseApiError.isInstance(error) && error.statusCode === 404) return undefined;
        throw error;
      }
    },

    async writeMetadata(ref: ObjectRef, write: MetadataWrite): Promise<KubeObject> {
      const at = coordinatesOf(resource, ref);
      const metadata: Record<string, unknown> = {};
      if (write.labels) metadata.labels = write.labels;
      if (write.annotations) metadata.annotations = write.annotations;
      if (write.resourceVersion) metadata.resourceVersion = write.resourceVersion;
      const body = { metadata };
      return callApi(`patch metadata of ${label(ref)}`, () =>
        at.namespace
          ? customObjects.patchNamespacedCustomObject(
              { ...at, namespace: at.namespace, body, fieldManager },
              mergePatchOptions,
            )
          : customObjects.patchClusterCustomObject(
              { ...at, body, fieldManager },
              mergePatchOptions,
            ),
      );
    },

    async writeCondition(ref: ObjectRef, base: KubeObject, change: ConditionChange) {
      // A removal always goes as the guarded JSON Patch: with server-side apply, dropping the
      // last entry of a map list is stored as `conditions: null` by kube-apiserver 1.20, which
      // CRD validation rejects, and an entry another manager wrote would not be removed.
      if (strategy === 'server-side-apply' && change.op === 'set') {
        const body = conditionApplyPatch(base, change);
        // The resourceVersion is a precondition of the apply: a decision made on a stale read
        // (the label changed meanwhile) fails with 409 instead of landing.
        const resourceVersion = base.metadata?.resourceVersion;
        if (resourceVersion) body.metadata = { ...body.metadata, resourceVersion };
        return patchStatus(ref, body, true);
      }
      const ops = conditionJsonPatch(base, change);
      if (ops.length === 0) return base;
      // A stale `base` fails the patch's tests with a bare 422 that the core reads as a conflict.
      return patchStatus(ref, ops, false);
    },

    recordEvent(object: KubeObject, event: PauseEvent): Promise<void> {
      return recordCoreEvent(core, object, event, reporter);
    },
  };
}
