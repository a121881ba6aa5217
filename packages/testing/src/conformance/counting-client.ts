import type {
  ConditionChange,
  KubeObject,
  MetadataWrite,
  ObjectRef,
  PauseClient,
  PauseEvent,
} from '@pause/core';

/** The port method a {@link CountedCall} went to. */
export type PortOperation = 'read' | 'writeMetadata' | 'writeCondition' | 'recordEvent';

/** One call through the port, with what it carried and whether it failed. */
export interface CountedCall {
  operation: PortOperation;
  ref: ObjectRef;
  /** The label/annotation merge patch of a `writeMetadata`. */
  write?: MetadataWrite;
  /** The condition change of a `writeCondition`. */
  change?: ConditionChange;
  /** The Kubernetes Event of a `recordEvent`. */
  event?: PauseEvent;
  /** What the call threw, when it failed. */
  error?: unknown;
}

function refFromObject(object: KubeObject): ObjectRef {
  const ref: ObjectRef = {
    apiVersion: String(object.apiVersion),
    kind: String(object.kind),
    name: String(object.metadata?.name),
  };
  if (object.metadata?.namespace) ref.namespace = object.metadata.namespace;
  return ref;
}

/**
 * A {@link PauseClient} decorator that records every call the core makes through any adapter,
 * so the conformance suite can assert "exactly one status write" whatever the adapter.
 */
export class CountingClient implements PauseClient {
  readonly #inner: PauseClient;
  #calls: CountedCall[] = [];

  constructor(inner: PauseClient) {
    this.#inner = inner;
  }

  /** Every call so far, in order. */
  get calls(): readonly CountedCall[] {
    return [...this.#calls];
  }

  /** Calls of `operation`; only the successful ones unless `includeFailed`. */
  count(operation: PortOperation, includeFailed = false): number {
    return this.#calls.filter(
      (call) => call.operation === operation && (includeFailed || call.error === undefined),
    ).length;
  }

  /** Successful writes (metadata + condition): the figure "zero writes in steady state" checks. */
  get writes(): number {
    return this.count('writeMetadata') + this.count('writeCondition');
  }

  /** Forget the calls so far (start counting a new pass). */
  reset(): void {
    this.#calls = [];
  }

  read(ref: ObjectRef): Promise<KubeObject | undefined> {
    return this.#track({ operation: 'read', ref }, () => this.#inner.read(ref));
  }

  writeMetadata(ref: ObjectRef, write: MetadataWrite): Promise<KubeObject> {
    return this.#track({ operation: 'writeMetadata', ref, write }, () =>
      this.#inner.writeMetadata(ref, write),
    );
  }

  writeCondition(ref: ObjectRef, base: KubeObject, change: ConditionChange): Promise<KubeObject> {
    return this.#track({ operation: 'writeCondition', ref, change }, () =>
      this.#inner.writeCondition(ref, base, change),
    );
  }

  recordEvent(object: KubeObject, event: PauseEvent): Promise<void> {
    return this.#track({ operation: 'recordEvent', ref: refFromObject(object), event }, () =>
      this.#inner.recordEvent(object, event),
    );
  }

  async #track<T>(call: CountedCall, run: () => Promise<T>): Promise<T> {
    this.#calls.push(call);
    try {
      return await run();
    } catch (error) {
      call.error = error;
      throw error;
    }
  }
}
