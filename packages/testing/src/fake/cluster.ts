import type { KubeObject, ObjectRef, PauseEvent } from '@pause/core';
import { type JsonPatchOperation, refOf } from '@pause/core/adapter';
import { conflictError, describeRef, notFoundError, statusError } from './api-status.ts';
import { applyJsonPatch } from './json-patch.ts';
import { applyMergePatch, jsonEqual } from './merge-patch.ts';
import {
  type ClusterOperation,
  type ClusterWriteRecord,
  keyOf,
  type StoredEvent,
  type WatchEventType,
  type WatchListener,
} from './records.ts';
import { keepServerFields, specPart } from './server-fields.ts';
import { WriteLog } from './write-log.ts';

/** How a patch reaches the fake cluster. */
export interface PatchRequest {
  /** `merge`: an RFC 7386 merge patch (object); `json`: RFC 6902 operations. */
  type: 'merge' | 'json';
  body: unknown;
  /** `status` targets the `/status` subresource: only `status` changes, metadata never does. */
  subresource?: 'status';
  /** Who writes (kept in the write log). Default `user`. */
  actor?: string;
}

/** Options of {@link FakeCluster}. */
export interface FakeClusterOptions {
  /** The clock for `creationTimestamp` / `deletionTimestamp`. Default: the real clock. */
  clock?: () => Date;
}

/**
 * An in-memory Kubernetes API server for one or more custom resources with a `/status`
 * subresource: objects keyed by apiVersion/kind/namespace/name, a monotonic
 * `metadata.resourceVersion` bumped by every change (not by a no-op), `metadata.generation`
 * bumped by spec changes and the deletion mark only, finalizers with `deletionTimestamp`,
 * ordered watch events, and a log of every write and Event. Answers match kube-apiserver 1.20
 * (checked by `test/integration/fake-fidelity.test.ts`). Returned objects are copies.
 */
export class FakeCluster {
  readonly #objects = new Map<string, KubeObject>();
  readonly #watchers = new Set<WatchListener>();
  readonly #log = new WriteLog();
  readonly #events: StoredEvent[] = [];
  readonly #clock: () => Date;
  #resourceVersion = 0;
  #uid = 0;

  constructor(options: FakeClusterOptions = {}) {
    this.#clock = options.clock ?? (() => new Date());
  }

  /** Every write call so far (applied, unchanged or failed), oldest first. */
  get writes(): readonly ClusterWriteRecord[] {
    return this.#log.records;
  }

  /** Every Event recorded so far, oldest first. */
  get events(): readonly StoredEvent[] {
    return [...this.#events];
  }

  /** The latest `resourceVersion` handed out (the list `resourceVersion`). */
  get resourceVersion(): string {
    return String(this.#resourceVersion);
  }

  /** GET: the object as stored, or `undefined` (the API server's 404). */
  get(ref: ObjectRef): KubeObject | undefined {
    const stored = this.#objects.get(keyOf(ref));
    return stored === undefined ? undefined : structuredClone(stored);
  }

  /** LIST: every stored object, optionally of one apiVersion/kind. */
  list(filter: { apiVersion?: string; kind?: string } = {}): KubeObject[] {
    return [...this.#objects.values()]
      .filter((o) => filter.apiVersion === undefined || o.apiVersion === filter.apiVersion)
      .filter((o) => filter.kind === undefined || o.kind === filter.kind)
      .map((o) => structuredClone(o));
  }

  /**
   * POST: stores a new object with `uid`, `resourceVersion`, `generation: 1` and
   * `creationTimestamp`. Like a CRD with a status subresource, `status` is ignored on create
   * (write it with a `/status` patch, or use {@link FakeCluster.seed}). 409 `AlreadyExists`.
   */
  create(object: KubeObject, actor = 'user'): KubeObject {
    const ref = refOf(object);
    const key = keyOf(ref);
    if (this.#objects.has(key)) {
      this.#log.add({ operation: 'create', ref, actor, outcome: 'failed', statusCode: 409 });
      throw statusError(409, 'AlreadyExists', `${describeRef(ref)} already exists`, 'create');
    }
    const { status: _ignored, ...rest } = structuredClone(object);
    const stored: KubeObject = {
      ...rest,
      metadata: {
        ...rest.metadata,
        uid: `fake-uid-${++this.#uid}`,
        generation: 1,
        creationTimestamp: this.#clock().toISOString(),
        resourceVersion: this.#nextResourceVersion(),
      },
    };
    delete stored.metadata?.deletionTimestamp;
    this.#objects.set(key, stored);
    this.#log.add({ operation: 'create', ref, actor, outcome: 'applied', object: stored });
    this.#notify('ADDED', stored);
    return structuredClone(stored);
  }

  /** Creates `object` and, when it has a `status`, writes it to `/status` (two writes). */
  seed(object: KubeObject, actor = 'user'): KubeObject {
    const created = this.create(object, actor);
    if (object.status === undefined) return created;
    return this.patch(refOf(created), {
      type: 'merge',
      body: { status: object.status },
      subresource: 'status',
      actor,
    });
  }

  /**
   * PATCH the object or its `/status`. A merge patch carrying `metadata.resourceVersion`
   * fails with 409 when stale; a JSON Patch that cannot apply (failed `test`) fails with 422. On `/status`
   * only `status` changes; on the object `status` never does. No change: no bump, no event.
   */
  patch(ref: ObjectRef, request: PatchRequest): KubeObject {
    const actor = request.actor ?? 'user';
    const operation = request.subresource === 'status' ? 'patch-status' : 'patch';
    const entry = { operation, ref, actor, patchType: request.type } as const;
    const fail = (error: Error & { statusCode?: number | undefined }): never => {
      this.#log.add({ ...entry, outcome: 'failed', statusCode: error.statusCode });
      throw error;
    };
    const what = `${operation} ${describeRef(ref)}`;
    const stored = this.#objects.get(keyOf(ref));
    if (stored === undefined) return fail(notFoundError(ref, what));
    let candidate: KubeObject;
    if (request.type === 'merge') {
      const precondition = (request.body as KubeObject | null)?.metadata?.resourceVersion;
      if (precondition !== undefined && precondition !== stored.metadata?.resourceVersion) {
        return fail(conflictError(ref, what));
      }
      candidate = applyMergePatch(stored, request.body) as KubeObject;
    } else {
      const result = applyJsonPatch(stored, request.body as JsonPatchOperation[], what);
      if (!result.ok) return fail(result.error);
      candidate = result.document as KubeObject;
    }
    const next = keepServerFields(stored, candidate, request.subresource === 'status');
    if (jsonEqual(next, stored)) {
      this.#log.add({ ...entry, outcome: 'unchanged', object: stored });
      return structuredClone(stored);
    }
    return this.#store(ref, stored, next, operation, actor, request.type);
  }

  /**
   * DELETE: with finalizers, sets `deletionTimestamp` (and bumps `generation`, like the server)
   * and keeps the object until they are removed; without, removes it (watchers see `DELETED`).
   * 404 when absent.
   */
  delete(ref: ObjectRef, actor = 'user'): void {
    const stored = this.#objects.get(keyOf(ref));
    if (stored === undefined) {
      this.#log.add({ operation: 'delete', ref, actor, outcome: 'failed', statusCode: 404 });
      throw notFoundError(ref, `delete ${describeRef(ref)}`);
    }
    if ((stored.metadata?.finalizers ?? []).length === 0) {
      this.#remove(ref, stored, actor);
      return;
    }
    if (stored.metadata?.deletionTimestamp) {
      this.#log.add({ operation: 'delete', ref, actor, outcome: 'unchanged', object: stored });
      return;
    }
    const next: KubeObject = {
      ...structuredClone(stored),
      metadata: {
        ...structuredClone(stored.metadata),
        deletionTimestamp: this.#clock().toISOString(),
        deletionGracePeriodSeconds: 0,
      },
    };
    this.#store(ref, stored, next, 'delete', actor);
  }

  /** Records a Kubernetes Event about the object `ref` names (it need not exist). */
  recordEvent(ref: ObjectRef, event: PauseEvent, uid?: string, actor = 'pause'): StoredEvent {
    const stored: StoredEvent = { ...event, ref, actor, ...(uid ? { uid } : {}) };
    this.#events.push(stored);
    this.#log.add({ operation: 'event', ref, actor, outcome: 'applied' });
    return { ...stored };
  }

  /** WATCH: `listener` sees every later ADDED / MODIFIED / DELETED, in order. Returns stop. */
  watch(listener: WatchListener): () => void {
    this.#watchers.add(listener);
    return () => this.#watchers.delete(listener);
  }

  #store(
    ref: ObjectRef,
    stored: KubeObject,
    next: KubeObject,
    operation: ClusterOperation,
    actor: string,
    patchType?: 'merge' | 'json',
  ): KubeObject {
    const generation = stored.metadata?.generation ?? 1;
    // The server bumps generation on spec changes, and when it marks the object for deletion.
    const bump =
      !jsonEqual(specPart(stored), specPart(next)) ||
      (!stored.metadata?.deletionTimestamp && Boolean(next.metadata?.deletionTimestamp));
    next.metadata = {
      ...next.metadata,
      generation: bump ? generation + 1 : generation,
      resourceVersion: this.#nextResourceVersion(),
    };
    const finalized =
      next.metadata.deletionTimestamp !== undefined &&
      (next.metadata.finalizers ?? []).length === 0;
    if (finalized) delete next.metadata.finalizers;
    this.#objects.set(keyOf(ref), next);
    this.#log.add({ operation, ref, actor, outcome: 'applied', object: next, patchType });
    this.#notify('MODIFIED', next);
    if (finalized) this.#remove(ref, next, 'garbage-collector');
    return structuredClone(next);
  }

  #remove(ref: ObjectRef, stored: KubeObject, actor: string): void {
    this.#objects.delete(keyOf(ref));
    const gone = structuredClone(stored);
    gone.metadata = { ...gone.metadata, resourceVersion: this.#nextResourceVersion() };
    this.#log.add({ operation: 'delete', ref, actor, outcome: 'applied', object: gone });
    this.#notify('DELETED', gone);
  }

  #nextResourceVersion(): string {
    this.#resourceVersion += 1;
    return String(this.#resourceVersion);
  }

  #notify(type: WatchEventType, object: KubeObject): void {
    for (const listener of [...this.#watchers]) listener({ type, object: structuredClone(object) });
  }
}
