import type { Condition, KubeObject, ObjectRef, PauseClient, PauseEvent } from '@pause/core';

/** A fault the harness can make the adapter's next calls meet. */
export type InjectedFault =
  | {
      kind: 'status';
      statusCode: 403 | 404 | 409 | 422 | 429 | 500 | 503;
      retryAfterSeconds?: number;
    }
  | { kind: 'network' };

/** Which adapter calls a fault applies to. */
export type FaultTarget = 'read' | 'writeMetadata' | 'writeCondition' | 'recordEvent' | 'any';

/** Lets a harness make adapter calls fail, for the error-mapping scenarios. */
export interface FaultControl {
  /** Make the next `count` calls of `target` fail with `fault`. */
  failNext(target: FaultTarget, fault: InjectedFault, count?: number): void;
  /** Remove all pending faults. */
  clear(): void;
}

/** Initial content of a conformance test object. */
export interface TestObjectInit {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Written to `/status` after creation, as given (may be malformed on purpose). */
  status?: Record<string, unknown>;
  finalizers?: string[];
}

/**
 * What an adapter gives the conformance suite: its {@link PauseClient} bound to a cluster (the
 * in-memory fake or a real API server), plus the means to act as the user and as other
 * writers, directly against the same cluster (never through the adapter under test).
 */
export interface ConformanceHarness {
  /** The adapter under test. */
  client: PauseClient;
  /** Create a fresh, uniquely named test object; returns it as stored. */
  createObject(init?: TestObjectInit): Promise<KubeObject>;
  /** Read the object as stored, bypassing the adapter; `undefined` when gone. */
  getObject(ref: ObjectRef): Promise<KubeObject | undefined>;
  /** Act as the user: merge-patch labels and annotations (`null` deletes). */
  patchMetadata(
    ref: ObjectRef,
    patch: { labels?: Record<string, string | null>; annotations?: Record<string, string | null> },
  ): Promise<KubeObject>;
  /** Act as the user: change `spec` (so `metadata.generation` bumps). */
  patchSpec(ref: ObjectRef, spec: Record<string, unknown>): Promise<KubeObject>;
  /** Act as another controller: set its own condition on `/status` through its own safe path. */
  writeOtherCondition(ref: ObjectRef, condition: Condition): Promise<KubeObject>;
  /** Delete the object (with finalizers it stays, with `deletionTimestamp` set). */
  deleteObject(ref: ObjectRef): Promise<void>;
  /** Remove the object's finalizers so a pending deletion completes. */
  removeFinalizers(ref: ObjectRef): Promise<void>;
  /** Events recorded about the object so far, oldest first. */
  listEvents(ref: ObjectRef): Promise<PauseEvent[]>;
  /** Fault injection, when the harness supports it (see `ConformanceOptions.unsupported`). */
  faults?: FaultControl;
  /** Remove everything this harness created. */
  cleanup(): Promise<void>;
}
