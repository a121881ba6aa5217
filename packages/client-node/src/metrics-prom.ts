/**
 * Ready prom-client metrics for `createPausableController` (`prom-client` `^15` is an optional
 * peer dependency: only this subpath imports it).
 * @packageDocumentation
 */
export type { ControllerState, ControllerStatus } from './controller-status.ts';
export type { PauseMetricsHooks, PauseOutcomeSample, ReconcileSample } from './metrics.ts';
export {
  type ControllerMetrics,
  type ControllerMetricsOptions,
  createControllerMetrics,
} from './prom/controller-metrics.ts';
export {
  createPausedObjectsGauge,
  type PausedObjectsGauge,
  type PausedObjectsGaugeOptions,
} from './prom/paused-objects-gauge.ts';
