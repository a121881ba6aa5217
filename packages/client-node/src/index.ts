/**
 * Pause reconciliation of one Kubernetes custom resource in controllers built on
 * `@kubernetes/client-node` (peer dependency, major 2).
 * @packageDocumentation
 */

export { type ApiFailureKind, PauseApiError } from '@pause/core';
export {
  type ClientNodePauseClient,
  type ClientNodePauseClientOptions,
  createClientNodePauseClient,
  type StatusStrategy,
} from './client.ts';
export { type BackoffOptions, backoffDelay } from './controller/backoff.ts';
export {
  type InformerEventType,
  type InformerSupervisorOptions,
  type SupervisedInformer,
  superviseInformer,
} from './controller/informer-supervisor.ts';
export {
  createPausableController,
  type PausableController,
  type PausableControllerOptions,
  type ReconcileContext,
  type ReconcileFunction,
  type ReconcileResult,
} from './controller/pausable-controller.ts';
export { KeyedWorkQueue, type KeyedWorkQueueOptions } from './controller/work-queue.ts';
export { callApi, toClientNodeApiError } from './errors.ts';
export { buildCoreEvent, type EventReporter, eventNamespaceOf, recordCoreEvent } from './events.ts';
export {
  type ConnectionPoolStats,
  createSharedConnectionPool,
  type SharedConnectionPool,
  type SharedConnectionPoolOptions,
} from './http-pool.ts';
export type {
  PauseMetricsHooks,
  PauseOutcomeSample,
  ReconcileSample,
} from './metrics.ts';
export { apiVersionOf, type CustomResource, keyOf } from './resource.ts';
