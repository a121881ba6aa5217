import type { PauseApiError } from '@pause/core';

/**
 * How {@link withPause} retries a failed pause write inside one Reconcile call (Pepr's queue
 * has no retry or requeue of its own). Attempts are counted per call, the first included.
 */
export interface RetryPolicy {
  /** Attempts of one pause pass, the first included. Default 4 (3 retries). */
  maxAttempts: number;
  /** Delay before the first retry; doubles on every retry. Default 250 ms. */
  baseDelayMs: number;
  /** Upper bound of one delay, a server's `Retry-After` included. Default 8 s. */
  maxDelayMs: number;
}

/** The default {@link RetryPolicy}: 4 attempts, 250 ms doubling, at most 8 s per wait (≤ ~2 s total unless the server asks for more). */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
});

/**
 * True when another attempt may succeed: a lost race (`conflict`), throttling (429 / 503 with
 * `Retry-After`), a 5xx, no answer (`network`) or an unclassified failure. RBAC denials,
 * authentication failures and invalid requests are permanent: retrying cannot help.
 */
export function isRetryable(error: PauseApiError): boolean {
  return (
    error.kind === 'conflict' ||
    error.kind === 'throttled' ||
    error.kind === 'server' ||
    error.kind === 'network' ||
    error.kind === 'unknown'
  );
}

/**
 * The wait before retry number `retry` (1 for the first retry): `baseDelayMs · 2^(retry-1)`
 * with "equal jitter" (half fixed, half random, so many objects failing together do not retry
 * in step), at least the server's `Retry-After`, at most `maxDelayMs`.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retry: number,
  error: PauseApiError,
  random: () => number = Math.random,
): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, retry - 1);
  const jittered = exponential / 2 + (exponential / 2) * random();
  const wanted = Math.max(jittered, error.retryAfterMs ?? 0);
  return Math.round(Math.min(wanted, policy.maxDelayMs));
}
