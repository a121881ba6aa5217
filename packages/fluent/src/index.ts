/**
 * Pause reconciliation of one Kubernetes resource with kubernetes-fluent-client: in Pepr
 * capabilities (`withPause`), in a controller with its own loop (`createPauseGate`), or as the
 * bare port (`createFluentPauseClient`).
 * @packageDocumentation
 */

export { type ApiFailureKind, PauseApiError, PauseError, type PauseOutcome } from '@pause/core';
export type { StatusStrategy } from '@pause/http';
export {
  createFluentPauseClient,
  type EventSource,
  type FluentConnectionOptions,
  type FluentPauseClient,
  type FluentPauseClientOptions,
} from './client.ts';
export { createPauseGate, type FluentPauseGate, type FluentPauseGateOptions } from './gate.ts';
export {
  type PausedReconcile,
  type PauseLogger,
  type ReconcileCallback,
  type WithPauseOptions,
  withPause,
} from './pepr.ts';
export type { KindSource } from './resource-path.ts';
