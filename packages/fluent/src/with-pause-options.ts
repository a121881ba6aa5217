import type { KubeObject } from '@pause/core';
import type { BackoffOptions, PauseClient } from '@pause/core/adapter';
import type { FluentPauseClientOptions } from './client.ts';
import type { PauseMetricsHooks } from './metrics-hooks.ts';

/** Options of `withPause`. */
export interface WithPauseOptions extends FluentPauseClientOptions {
  /** The port to use instead of a `createFluentPauseClient` built from these options. */
  client?: PauseClient;
  /**
   * Bounded retry of a failed pause write inside one call (Pepr's queue has no retry of its
   * own), for the pause pass and for `selfPause`: up to `maxAttempts` attempts (default 4, the
   * first included), waiting core's `retryDelayMs` between them (defaults `baseMs` 250,
   * `maxMs` 8 000, core's jitter).
   */
  retry?: { maxAttempts?: number } & BackoffOptions;
  /**
   * What to do when a pause has an `until` time: `timer` (default) looks at the object again
   * when it is due (Pepr has no requeue); `next-event` waits for the next watch event.
   */
  expiry?: 'timer' | 'next-event';
  /**
   * While your callback runs, re-read the object (one GET through the client's pool) every this
   * many ms and abort the callback's `signal` when it is now paused or deleted. Default: off.
   * Pepr's `Reconcile` queue holds later events of the object until the callback returns, so
   * without this only a `Watch` binding (no queue) can abort a running callback.
   */
  pauseCheckIntervalMs?: number;
  /**
   * With `namespaceLabelKey` in the policy: how long a read Namespace is used, and how often the
   * Namespaces of the objects seen are re-read (one GET per namespace), so a namespace pause or
   * resume reaches every object within this time even without an event on it. Default 5 000 ms.
   * Needs `get` on `namespaces`.
   */
  namespaceCacheMs?: number;
  /**
   * How to read a Namespace by name (`undefined` when missing). Default: a GET through the
   * client's connection pool. Give it when you give a `client` without a `connection`.
   */
  readNamespace?: (name: string) => Promise<KubeObject | undefined>;
  /** Callbacks for your metrics (the same as client-node's controller calls). */
  metrics?: PauseMetricsHooks;
  /** How often a lost race is re-read and re-decided inside one attempt. Default 5. */
  maxConflictRetries?: number;
  /** Clock. Default `Date.now`. */
  now?: () => number;
  /** Waits between retries. Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number;
}
