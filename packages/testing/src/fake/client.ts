import type {
  ConditionChange,
  KubeObject,
  MetadataWrite,
  ObjectRef,
  PauseEvent,
} from '@pause/core';
import {
  conditionJsonPatch,
  metadataMergePatch,
  type PauseClient,
  refOf,
} from '@pause/core/adapter';
import { describeRef, notFoundError } from './api-status.ts';
import type { FakeCluster } from './cluster.ts';
import { type FakeCall, FakeFaults } from './faults.ts';

/** Options of {@link FakePauseClient}. */
export interface FakePauseClientOptions {
  /** Fault injection shared with the test; a fresh {@link FakeFaults} by default. */
  faults?: FakeFaults;
  /** Actor name in the cluster's write log. Default `pause`. */
  actor?: string;
}

/**
 * The {@link PauseClient} port over a {@link FakeCluster}, behaving like the real adapters: a
 * metadata merge patch carrying the `resourceVersion` precondition (409 when stale), and a
 * `/status` JSON Patch from `conditionJsonPatch` (the server's 422 on a failed `test` is
 * reported as kind `conflict`, status 422). Errors are `PauseApiError`s with a status code and
 * a `metav1.Status` body.
 */
export class FakePauseClient implements PauseClient {
  readonly cluster: FakeCluster;
  /** Fault injection for this client's calls. */
  readonly faults: FakeFaults;
  readonly #actor: string;

  constructor(cluster: FakeCluster, options: FakePauseClientOptions = {}) {
    this.cluster = cluster;
    this.faults = options.faults ?? new FakeFaults();
    this.#actor = options.actor ?? 'pause';
  }

  /** GET the object; `undefined` on 404. */
  async read(ref: ObjectRef): Promise<KubeObject | undefined> {
    await this.#intercept({ operation: 'read', ref }, `get ${describeRef(ref)}`);
    return this.cluster.get(ref);
  }

  /** Merge-patch labels / annotations, with `metadata.resourceVersion` as a precondition. */
  async writeMetadata(ref: ObjectRef, write: MetadataWrite): Promise<KubeObject> {
    await this.#intercept({ operation: 'writeMetadata', ref }, `patch ${describeRef(ref)}`);
    const body = metadataMergePatch(write);
    return this.cluster.patch(ref, { type: 'merge', body, actor: this.#actor });
  }

  /** JSON Patch of `/status` from `conditionJsonPatch(base, change)`. */
  async writeCondition(
    ref: ObjectRef,
    base: KubeObject,
    change: ConditionChange,
  ): Promise<KubeObject> {
    const operation = `patch status of ${describeRef(ref)}`;
    await this.#intercept({ operation: 'writeCondition', ref }, operation);
    const ops = conditionJsonPatch(base, change);
    if (ops.length === 0) {
      const current = this.cluster.get(ref);
      if (current === undefined) throw notFoundError(ref, operation);
      return current;
    }
    return this.cluster.patch(ref, {
      type: 'json',
      body: ops,
      subresource: 'status',
      actor: this.#actor,
    });
  }

  /** Record a Kubernetes Event about `object`. */
  async recordEvent(object: KubeObject, event: PauseEvent): Promise<void> {
    const ref = refOf(object);
    await this.#intercept(
      { operation: 'recordEvent', ref },
      `create event about ${describeRef(ref)}`,
    );
    this.cluster.recordEvent(ref, event, object.metadata?.uid, this.#actor);
  }

  #intercept(call: FakeCall, operation: string): Promise<void> {
    return this.faults.intercept(call, operation);
  }
}
