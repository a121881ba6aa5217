/**
 * Pause reconciliation of one Kubernetes resource with kubernetes-fluent-client, and in Pepr
 * capabilities (`withPause`).
 * @packageDocumentation
 */

export {
  createFluentPauseClient,
  type FluentPauseClient,
  type FluentPauseClientOptions,
} from './client.ts';
export {
  type ClusterConnection,
  type ClusterConnectionOptions,
  type ClusterConnectionStats,
  type ClusterRequest,
  createClusterConnection,
} from './cluster-connection.ts';
export { callFluent, type FluentFailure, isFluentFailure, toFluentApiError } from './errors.ts';
export { buildCoreEvent, type EventSource } from './events.ts';
export {
  type PausedReconcile,
  type PauseLogger,
  type ReconcileCallback,
  type WithPauseOptions,
  withPause,
} from './pepr.ts';
export { type KindSource, objectPath, resolveKind } from './resource-path.ts';
export { DEFAULT_RETRY_POLICY, isRetryable, type RetryPolicy, retryDelayMs } from './retry.ts';
export { patchConditionGuarded, patchMetadata } from './status-request.ts';
