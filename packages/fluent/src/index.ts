/**
 * Pause reconciliation of one Kubernetes resource with kubernetes-fluent-client: in Pepr
 * capabilities (`withPause`), in a controller with its own loop (`createPauseGate`), or as the
 * bare port (`createFluentPauseClient`).
 * @packageDocumentation
 */

export {
  type ApiFailureKind,
  PauseApiError,
  PauseError,
  type PauseOutcome,
  type SelfPauseInput,
} from '@pause/core';
export type { PauseOutcomeSample, ReconcileSample } from '@pause/core/adapter';
export type { StatusStrategy } from '@pause/http';
export {
  createFluentPauseClient,
  type EventSource,
  type FluentConnectionOptions,
  type FluentPauseClient,
  type FluentPauseClientOptions,
} from './client.ts';
export { createPauseGate, type FluentPauseGate, type FluentPauseGateOptions } from './gate.ts';
export type { PauseMetricsHooks } from './metrics-hooks.ts';
export { withPause } from './pepr.ts';
export type {
  PausedReconcile,
  PauseLogger,
  ReconcileCallback,
  ReconcileContext,
} from './reconcile-types.ts';
export type { KindSource } from './resource-path.ts';
export type { WithPauseOptions } from './with-pause-options.ts';
