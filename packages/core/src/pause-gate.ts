import type { Instant } from './instant.ts';
import type { KubeObject } from './kube-object.ts';
import { createPausePolicy, type PausePolicy, type PausePolicyOptions } from './policy.ts';
import type { PauseClient } from './port.ts';
import { type PauseOutcome, runPause, runSelfPause } from './run-pause.ts';
import type { SelfPauseInput } from './self-pause.ts';

/** Options of {@link createPauseGate}. */
export interface PauseGateOptions<C extends PauseClient = PauseClient> {
  /** The adapter's port to the cluster; its `close()`, when it has one, is the gate's. */
  client: C;
  /** The pause policy, or the options to build it with (`{ labelKey: 'example.com/paused' }`). */
  pause: PausePolicy | PausePolicyOptions;
  /** The clock the decisions see (the core reads none itself), e.g. `Date.now`. */
  now: () => Instant;
  /** How often a lost race is re-read and re-decided in one pass. Default 5. */
  maxConflictRetries?: number;
}

/**
 * Pause for a controller with its own loop: built once, then `await gate.run(object)` before
 * each reconcile says what to do (`continue` with the object as stored, `stop`, `requeue` with
 * the error and the server's `Retry-After`, or `gone`).
 */
export interface PauseGate<T extends KubeObject = KubeObject, C extends PauseClient = PauseClient> {
  /** The validated policy. */
  readonly policy: PausePolicy;
  /** The port every write goes through (also the safe way to write your own conditions). */
  readonly client: C;
  /**
   * One pause pass over `object` (`runPause`): the writes, the Events, and the verdict. Pass
   * its `namespace` (the Namespace object) for a policy with `namespaceLabelKey`.
   */
  run(object: T, context?: { namespace?: KubeObject | undefined }): Promise<PauseOutcome<T>>;
  /** Pauses `object` on the controller's own initiative (`runSelfPause`): label first. */
  selfPause(object: T, input: SelfPauseInput): Promise<PauseOutcome<T>>;
  /** Closes the client's connections when the client can be closed; otherwise does nothing. */
  close(): Promise<void>;
}

/**
 * Builds a {@link PauseGate} over any adapter's {@link PauseClient}. The adapters' own
 * `createPauseGate` fill in the client and the clock; use this one with a port of your own.
 * Throws `PauseError` for invalid policy options.
 */
export function createPauseGate<
  T extends KubeObject = KubeObject,
  C extends PauseClient = PauseClient,
>(options: PauseGateOptions<C>): PauseGate<T, C> {
  const policy = createPausePolicy(options.pause);
  const { client, now } = options;
  const runOptions = (namespace?: KubeObject) => ({
    now: now(),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(options.maxConflictRetries !== undefined
      ? { maxConflictRetries: options.maxConflictRetries }
      : {}),
  });
  return {
    policy,
    client,
    run: (object, context) => runPause(client, object, policy, runOptions(context?.namespace)),
    selfPause: (object, input) => runSelfPause(client, object, policy, input, runOptions()),
    close: async () => {
      await (client as { close?: () => Promise<void> }).close?.();
    },
  };
}
