/**
 * Pause reconciliation of one Kubernetes custom resource in controllers built on
 * `@kubernetes/client-node` (peer dependency, major 2): `createPausableController` for a whole
 * controller, `createPauseGate` for your own loop, `createClientNodePauseClient` for the port,
 * `serveControllerEndpoints` for `/healthz`, `/readyz` and `/metrics`.
 * @packageDocumentation
 */

export { PauseApiError, PauseError } from '@pause/core';
export {
  type ClientNodePauseClient,
  type ClientNodePauseClientOptions,
  createClientNodePauseClient,
  type StatusStrategy,
} from './client.ts';
export type { StopOptions, StopResult } from './controller/controller-options.ts';
export type { LeaderElectionOptions } from './controller/leader-election.ts';
export {
  type ControllerInformer,
  createPausableController,
  type PausableController,
  type PausableControllerOptions,
  type ReconcileContext,
  type ReconcileFunction,
  type ReconcileResult,
} from './controller/pausable-controller.ts';
export type { ControllerState, ControllerStatus } from './controller-status.ts';
export {
  type ControllerEndpoints,
  type ControllerEndpointsOptions,
  type MetricsRegistry,
  serveControllerEndpoints,
} from './endpoints.ts';
export type { PauseMetricsHooks, PauseOutcomeSample, ReconcileSample } from './metrics.ts';
export {
  type ClientNodePauseGate,
  type ClientNodePauseGateOptions,
  createPauseGate,
} from './pause-gate.ts';
export type { CustomResource } from './resource.ts';
