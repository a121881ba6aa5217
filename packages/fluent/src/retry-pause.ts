import type { KubeObject, PauseOutcome } from '@pause/core';
import { type BackoffOptions, type PauseClient, refOf, retryDelayMs } from '@pause/core/adapter';

/** The bounded retry rule of `withPause`: attempts, core's backoff, and its clocks. */
export interface RetryRule extends BackoffOptions {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Waits between attempts. */
  sleep(ms: number): Promise<void>;
  /** Jitter source in [0, 1). */
  random(): number;
}

/** What {@link retryPause} reports while it runs. */
export interface RetryReport<K extends KubeObject> {
  /** After every attempt. */
  outcome(outcome: PauseOutcome<K>, attempt: number): void;
  /** Before waiting `delayMs` for attempt `attempt + 1`. */
  retrying(outcome: Extract<PauseOutcome<K>, { action: 'requeue' }>, delayMs: number): void;
}

/**
 * Runs one pause pass (`attempt`: `runPause` or `runSelfPause` bound to the policy) on
 * `object`, and again while it ends in a retryable `requeue` and attempts are left, waiting
 * core's `retryDelayMs` and re-reading the object in between. Resolves with the last outcome:
 * `continue`, `stop`, `gone` (also when a re-read finds the object deleted), or the `requeue`
 * that was not retried.
 */
export async function retryPause<K extends KubeObject>(
  client: PauseClient,
  object: K,
  attempt: (current: K) => Promise<PauseOutcome<K>>,
  rule: RetryRule,
  report: RetryReport<K>,
): Promise<PauseOutcome<K>> {
  const ref = refOf(object);
  let current = object;
  for (let n = 1; ; n++) {
    const outcome = await attempt(current);
    report.outcome(outcome, n);
    if (outcome.action !== 'requeue') return outcome;
    if (!outcome.error.retryable || n >= rule.maxAttempts) return outcome;
    const delay = retryDelayMs({
      attempt: n,
      retryAfterMs: outcome.error.retryAfterMs,
      random: rule.random(),
      ...(rule.baseMs !== undefined ? { baseMs: rule.baseMs } : {}),
      ...(rule.maxMs !== undefined ? { maxMs: rule.maxMs } : {}),
      ...(rule.jitter !== undefined ? { jitter: rule.jitter } : {}),
    });
    report.retrying(outcome, delay);
    await rule.sleep(delay);
    try {
      const fresh = await client.read(ref);
      if (fresh === undefined) return { action: 'gone', warnings: [] };
      current = fresh as K; // the same object, as stored now
    } catch {
      // Keep the object we have; the next attempt's write meets the same failure or succeeds.
    }
  }
}
