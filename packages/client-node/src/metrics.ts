import type { PauseOutcomeSample, ReconcileSample } from '@pause/core/adapter';
import type { ControllerStatus } from './controller-status.ts';

export type { PauseOutcomeSample, ReconcileSample } from '@pause/core/adapter';

/**
 * Callbacks for your own metrics (no metrics library needed). Ready prom-client metrics
 * (`createControllerMetrics`) are in the `@pause/client-node/metrics` subpath export.
 */
export interface PauseMetricsHooks {
  /**
   * Once, when the controller is created: keep `controller` to read values at scrape time
   * (`queueDepth`, `isLeader`, `state`).
   */
  attach?(controller: ControllerStatus): void;
  /** After every pause pass (`runPause`), with the transitions it made. */
  onOutcome?(sample: PauseOutcomeSample): void;
  /** The object is gone (deleted, or no longer in the informer cache). */
  onForget?(key: string): void;
  /** After every run of the user's reconcile. */
  onReconcile?(sample: ReconcileSample): void;
  /** The informer stopped on an `error` event and is restarted after `delayMs`. */
  onInformerRestart?(error: unknown, delayMs: number): void;
  /** With `leaderElection`: this replica started (`true`) or stopped (`false`) leading. */
  onLeaderChange?(leading: boolean): void;
}
