import type { PauseOutcome } from '@pause/core';

/** What one pause pass over an object ended with, as reported to {@link PauseMetricsHooks}. */
export interface PauseOutcomeSample {
  /** Work-queue key, `namespace/name` or `name`. */
  key: string;
  /** `continue`, `stop` (paused), `requeue` (a write failed) or `gone`. */
  action: PauseOutcome['action'];
}

/** How one run of the user's reconcile ended. */
export interface ReconcileSample {
  /** Work-queue key, `namespace/name` or `name`. */
  key: string;
  /** `aborted`: the object got paused while it ran and the `AbortSignal` fired. */
  result: 'success' | 'error' | 'aborted';
  /** How long the reconcile ran. */
  durationMs: number;
}

/**
 * Callbacks for your own metrics (no metrics library needed). A ready prom-client gauge of
 * paused objects is in the `@pause/client-node/metrics` subpath export.
 */
export interface PauseMetricsHooks {
  /** After every pause pass (`runPause`). */
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
