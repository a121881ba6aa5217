import {
  createPauseGate as createCoreGate,
  type KubeObject,
  type PauseGate,
  type PausePolicy,
  type PausePolicyOptions,
} from '@pause/core';
import {
  createFluentPauseClient,
  type FluentPauseClient,
  type FluentPauseClientOptions,
} from './client.ts';

/** Options of {@link createPauseGate}: the policy, and the client's options (`model` or `kind`). */
export interface FluentPauseGateOptions<T extends KubeObject = KubeObject>
  extends Omit<FluentPauseClientOptions, 'model' | 'now'> {
  /** The pause policy, or the options to build it with (`{ labelKey: 'example.com/paused' }`). */
  pause: PausePolicy | PausePolicyOptions;
  /**
   * The model given to `K8s(model)`: a kfc kind or one passed to `RegisterKind`. The gate's
   * object type is the model's instance type.
   */
  model?: abstract new () => T;
  /** How often a lost race is re-read and re-decided in one pass. Default 5. */
  maxConflictRetries?: number;
}

/**
 * A pause gate over kubernetes-fluent-client: its `client` carries the connection pool
 * (`client.connection.stats()`), and `close()` closes the pool when the gate created it.
 */
export type FluentPauseGate<T extends KubeObject = KubeObject> = PauseGate<T, FluentPauseClient>;

/**
 * Pause for a controller with its own loop (a kfc `Watch`, a queue of your own): build it once,
 * then `await gate.run(object)` before each reconcile says what to do: `continue` with the
 * object as stored, `stop` (paused; `requeueAfterMs` when an `until` is pending), `requeue`
 * (a write failed: `error.retryable`, `retryAfterMs`) or `gone`. Synchronous; the cluster
 * (kfc's, `KUBECONFIG` else in-cluster) is read on the first call. Throws `PauseError` for
 * invalid policy options.
 */
export function createPauseGate<T extends KubeObject = KubeObject>(
  options: FluentPauseGateOptions<T>,
): FluentPauseGate<T> {
  const { pause, maxConflictRetries, ...clientOptions } = options;
  const client = createFluentPauseClient(clientOptions);
  return createCoreGate<T, FluentPauseClient>({
    client,
    pause,
    now: Date.now,
    ...(maxConflictRetries !== undefined ? { maxConflictRetries } : {}),
  });
}
