import type { PauseWarning } from './conditions.ts';
import type { Condition } from './kube-object.ts';

/** Condition reasons the state machine writes. */
export const PauseReasons = {
  /** The label was set by a person (any value other than the controller's owner id). */
  PausedByLabel: 'PausedByLabel',
  /** The label value is the controller's owner id: the controller paused itself. */
  PausedByController: 'PausedByController',
  /** The object's Namespace carries the policy's `namespaceLabelKey`. */
  PausedByNamespace: 'PausedByNamespace',
  /** `Paused=False` left by an unpause under the `set-false` resume policy. */
  NotPaused: 'NotPaused',
} as const;

/** A merge patch of `metadata.labels` / `metadata.annotations`; `null` deletes a key. */
export interface MetadataWrite {
  kind: 'metadata';
  labels?: Record<string, string | null>;
  annotations?: Record<string, string | null>;
  /**
   * When set, the write must only apply at this `metadata.resourceVersion` (the adapter sends
   * it in the merge patch, so a stale write fails with 409 instead of acting on old data).
   */
  resourceVersion?: string;
}

/** A change of one condition type on the `/status` subresource. */
export type ConditionChange = { op: 'set'; condition: Condition } | { op: 'remove'; type: string };

/** A condition write; adapters must apply it without touching entries of other types. */
export interface ConditionWrite {
  kind: 'condition';
  change: ConditionChange;
}

/** One write, in the order a decision lists them (the order they must be applied in). */
export type PauseWrite = MetadataWrite | ConditionWrite;

/** Reasons of the Kubernetes Events the state machine asks for. */
export type PauseEventReason =
  | 'Paused'
  | 'PausedByController'
  | 'PausedByNamespace'
  | 'Resumed'
  | 'PauseExpired'
  | 'DeletionBlocked'
  | 'DeletionProceeding';

/** A Kubernetes Event to record about the object (`core/v1` Event `type`, `reason`, `note`). */
export interface PauseEvent {
  type: 'Normal' | 'Warning';
  reason: PauseEventReason;
  message: string;
}

/** Where the object stands after the decision's writes. */
export type PauseState = 'active' | 'paused' | 'expired';

/**
 * What to do with one object, as data. Apply `writes` in order; emit `events` after the writes
 * succeeded; then run the reconcile only when `action` is `continue`.
 */
export interface PauseDecision {
  /** `stop`: do not reconcile this object now. `continue`: go on with the reconcile. */
  action: 'continue' | 'stop';
  state: PauseState;
  /** Who paused it, when paused: a person (label), this controller, or its Namespace. */
  pausedBy?: 'label' | 'controller' | 'namespace';
  writes: PauseWrite[];
  events: PauseEvent[];
  /** Look at the object again after this many milliseconds (an `until` annotation is pending). */
  requeueAfterMs?: number;
  warnings: PauseWarning[];
}
