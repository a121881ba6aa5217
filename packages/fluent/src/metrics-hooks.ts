import type { PauseOutcomeSample, ReconcileSample } from '@pause/core/adapter';
import type { PauseLogger } from './reconcile-types.ts';

/**
 * Callbacks for your metrics, the same as client-node's controller calls (one prom-client
 * object can serve both). `key` is the object's uid, else `kind/namespace/name`.
 */
export interface PauseMetricsHooks {
  /** After every pause pass (`runPause`, and `selfPause` from the callback), each retry included. */
  onOutcome?(sample: PauseOutcomeSample): void;
  /** After every run of your callback; `aborted` when its signal fired. */
  onReconcile?(sample: ReconcileSample): void;
  /** The object is gone: a `DELETED` event, or a pass found it deleted. */
  onForget?(key: string): void;
}

/** Runs a hook call; a hook that throws is logged as a warning and never breaks the reconcile. */
export function callHook(logger: PauseLogger | undefined, call: () => void): void {
  try {
    call();
  } catch (error) {
    logger?.warn?.({ error: String(error) }, 'a pause metrics hook threw');
  }
}
