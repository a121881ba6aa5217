import {
  createPauseGate as createCorePauseGate,
  type KubeObject,
  type PauseGate,
  type PausePolicy,
  type PausePolicyOptions,
} from '@pause/core';
import {
  type ClientNodePauseClient,
  type ClientNodePauseClientOptions,
  createClientNodePauseClient,
} from './client.ts';

/** Options of {@link createPauseGate}: the client's, plus the pause policy. */
export interface ClientNodePauseGateOptions extends ClientNodePauseClientOptions {
  /**
   * The pause policy (`{ labelKey: 'example.com/paused', … }`: the options of
   * `createPausePolicy` of `@pause/core`, or a policy it built).
   */
  pause: PausePolicy | PausePolicyOptions;
  /** How often a lost race is re-read and re-decided in one pass. Default 5. */
  maxConflictRetries?: number;
}

/**
 * Pause for a controller with its own loop: `await gate.run(object)` before each reconcile
 * says what to do (`continue` with the object as stored, `stop`, `requeue` with the error and
 * the server's `Retry-After`, or `gone`). Its `client` carries the connection pool
 * (`client.connection.stats()`); `close()` closes the pool.
 */
export type ClientNodePauseGate<T extends KubeObject = KubeObject> = PauseGate<
  T,
  ClientNodePauseClient
>;

/**
 * Builds a {@link ClientNodePauseGate}: `createPauseGate` of `@pause/core` with this package's
 * client ({@link createClientNodePauseClient}) and `Date.now` as the clock. Synchronous; the
 * kubeconfig is read and the pool connects on the first `run`. Throws `PauseError` for invalid
 * `pause` options.
 */
export function createPauseGate<T extends KubeObject = KubeObject>(
  options: ClientNodePauseGateOptions,
): ClientNodePauseGate<T> {
  const { pause, maxConflictRetries, ...clientOptions } = options;
  const client = createClientNodePauseClient(clientOptions);
  return createCorePauseGate<T, ClientNodePauseClient>({
    client,
    pause,
    now: Date.now,
    ...(maxConflictRetries !== undefined ? { maxConflictRetries } : {}),
  });
}
