import type { KubeObject, ObjectRef, PauseEvent } from '@pause/core';

/** What a write did to the fake cluster (`create`, `patch` of the object, `patch` of `/status`, ...). */
export type ClusterOperation = 'create' | 'patch' | 'patch-status' | 'delete' | 'event';

/** One write call the fake cluster received, in order; failed calls are recorded too. */
export interface ClusterWriteRecord {
  /** Position in the cluster's log, from 1. */
  seq: number;
  operation: ClusterOperation;
  /** `merge` (RFC 7386 merge patch) or `json` (RFC 6902 JSON Patch), for patches. */
  patchType?: 'merge' | 'json';
  ref: ObjectRef;
  /** Who wrote: `pause` for the fake client, `user`, `other-writer`, or a name a test chose. */
  actor: string;
  /**
   * `applied` (stored, `resourceVersion` bumped), `unchanged` (accepted, nothing changed, no
   * bump, like the API server) or `failed` (an error was returned).
   */
  outcome: 'applied' | 'unchanged' | 'failed';
  /** `metadata.resourceVersion` after the write, when it was applied. */
  resourceVersion?: string;
  /** HTTP status of a failed write. */
  statusCode?: number;
}

/** A Kubernetes `core/v1` Event the fake cluster stored. */
export interface StoredEvent extends PauseEvent {
  /** The event's `involvedObject`. */
  ref: ObjectRef;
  /** `involvedObject.uid`, when the object had one. */
  uid?: string;
  actor: string;
}

/** `ADDED`, `MODIFIED` or `DELETED`, as a Kubernetes watch delivers them. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One Kubernetes watch event: the object as stored right after the change. */
export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

/** Receives watch events in the order the writes happened. */
export type WatchListener = (event: WatchEvent) => void;

/** The storage key of an object: `apiVersion/kind/namespace/name`. */
export function keyOf(ref: ObjectRef): string {
  return `${ref.apiVersion}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/** True when `object` is the object `ref` names. */
export function matchesRef(object: KubeObject, ref: ObjectRef): boolean {
  return (
    object.apiVersion === ref.apiVersion &&
    object.kind === ref.kind &&
    object.metadata?.name === ref.name &&
    (object.metadata?.namespace ?? undefined) === (ref.namespace ?? undefined)
  );
}
