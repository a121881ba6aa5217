import type { KubeObject, PauseOutcome, SelfPauseInput } from '@pause/core';

/** The logger Pepr passes to a Reconcile callback (pino); any object with these methods works. */
export interface PauseLogger {
  /** Detail: a skipped reconcile, a retried write. */
  debug?(data: object, message: string): void;
  /** Progress. */
  info?(data: object, message: string): void;
  /** Non-fatal problems (core's warnings, a failing metrics hook). */
  warn?(data: object, message: string): void;
  /** A pause write that failed for good. */
  error?(data: object, message: string): void;
}

/** What the wrapped callback receives as its 4th argument, besides Pepr's three. */
export interface ReconcileContext<K extends KubeObject = KubeObject> {
  /**
   * Aborted when the object gets paused (or deleted) while this reconcile runs: seen on a watch
   * event that reaches the wrapper meanwhile, or by the re-read of `pauseCheckIntervalMs`.
   * Stop promptly; the `Paused` condition is written after you return. Never aborted for a
   * `DELETED` event's callback, nor after your own `selfPause`.
   */
  signal: AbortSignal;
  /** The object's key: its uid, else `kind/namespace/name` (the `key` of the metrics samples). */
  key: string;
  /**
   * Pause this object on the controller's own initiative (`runSelfPause` of `@pause/core`, with
   * the wrapper's retry rule): the label (value = the policy's `ownerId`) is written first, then
   * the `Paused` condition with reason `PausedByController`. Resolves with the last outcome
   * (`stop`, or `requeue` when the retries ran out); throws `PauseError` (`MISSING_OWNER_ID`)
   * when the policy has no `ownerId`.
   */
  selfPause(input: SelfPauseInput): Promise<PauseOutcome<K>>;
}

/**
 * Your reconcile: Pepr's `(object, phase, logger)`, plus the wrapper's {@link ReconcileContext}.
 * `phase` is the watch phase (`ADDED`, `MODIFIED`, `DELETED`).
 */
export type ReconcileCallback<K extends KubeObject = KubeObject> = (
  object: K,
  phase: string,
  logger: PauseLogger | undefined,
  context: ReconcileContext<K>,
) => Promise<void> | void;

/**
 * The wrapped callback: Pepr's `Reconcile` / `Watch` signature `(object, phase, logger)`, plus
 * `dispose()` to stop its timers, abort the signal of the callbacks still running and close its
 * connection pool.
 */
export type PausedReconcile<K extends KubeObject = KubeObject> = ((
  object: K,
  phase: string,
  logger?: PauseLogger,
) => Promise<void>) & {
  dispose(): Promise<void>;
};
