/** Exponential backoff with jitter (client-go's per-item rate limiter, with jitter). */
export interface BackoffOptions {
  /** Delay of the first retry. Default 100 ms. */
  baseMs?: number;
  /** Upper bound of any delay. Default 60 s. */
  maxMs?: number;
  /** Fraction of the delay that is randomised, 0..1. Default 0.2 (delay × [0.8, 1.2]). */
  jitter?: number;
}

/**
 * The delay before retry number `failures` (1 = first retry): `baseMs × 2^(failures-1)`,
 * jittered by ±`jitter`, never above `maxMs`. A server's `Retry-After` wins when larger.
 */
export function backoffDelay(
  failures: number,
  options: BackoffOptions = {},
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const base = options.baseMs ?? 100;
  const max = options.maxMs ?? 60_000;
  const jitter = Math.min(Math.max(options.jitter ?? 0.2, 0), 1);
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const raw = Math.min(base * 2 ** exponent, max);
  const jittered = raw * (1 - jitter + 2 * jitter * random());
  const delay = Math.min(Math.round(jittered), max);
  return retryAfterMs !== undefined ? Math.max(delay, retryAfterMs) : delay;
}
