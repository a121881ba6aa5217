/**
 * The parts of a Kubernetes object the pause state machine reads. Any object fits, typed or
 * not (client-node's `KubernetesObject`, a kubernetes-fluent-client model, a plain object):
 * fields not listed here are carried along untouched.
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  /** The desired state; pause never reads it (a change bumps `metadata.generation`). */
  spec?: unknown;
  status?: unknown;
}

/** `metav1.ObjectMeta`: the fields pause reads, plus the ones a server sets on every object. */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string | Date;
  deletionTimestamp?: string | Date;
  deletionGracePeriodSeconds?: number;
  finalizers?: string[];
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
