/**
 * The parts of a Kubernetes object the pause state machine reads. Any custom resource fits:
 * everything not listed here is carried along untouched.
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  status?: unknown;
  [field: string]: unknown;
}

/** `metav1.ObjectMeta`, the fields pause uses. */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  deletionTimestamp?: string | Date;
  finalizers?: string[];
  [field: string]: unknown;
}

/** `metav1.Condition`: one entry of `status.conditions`. */
export interface Condition {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

/** `metav1.ConditionStatus`. */
export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** Identifies one object for an adapter: what a REST path is built from. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  /** Absent for cluster-scoped resources. */
  namespace?: string;
}
