/** Exponential backoff with jitter (client-go's per-item rate limiter, with jitter). */
export interface BackoffOptions {
  /** Delay before the first retry. Default 100 ms. */
  baseMs?: number;
  /** Upper bound of any delay, a server's `Retry-After` included. Default 60 s. */
  maxMs?: number;
  /** Fraction of the delay that is randomised, 0..1. Default 0.2 (delay × [0.8, 1.2]). */
  jitter?: number;
}

/** What {@link retryDelayMs} needs to know about one retry. */
export interface RetryDelayInput extends BackoffOptions {
  /** Which retry this is: 1 for the first. */
  attempt: number;
  /** What the server asked for (`Retry-After`, e.g. `PauseApiError.retryAfterMs`), if anything. */
  retryAfterMs?: number | undefined;
  /** A number in [0, 1) for the jitter, e.g. `Math.random()`: the core draws none itself. */
  random: number;
}

/**
 * The one retry rule every pause adapter and controller uses: the wait before retry number
 * `attempt` is `baseMs × 2^(attempt−1)`, jittered by ±`jitter`, at least the server's
 * `Retry-After`, and never more than `maxMs`. Whether to retry at all is
 * `PauseApiError.retryable`.
 */
export function retryDelayMs(input: RetryDelayInput): number {
  const base = Math.max(0, input.baseMs ?? 100);
  const max = Math.max(0, input.maxMs ?? 60_000);
  const jitter = Math.min(Math.max(input.jitter ?? 0.2, 0), 1);
  const random = Math.min(Math.max(input.random, 0), 1);
  const exponent = Math.min(Math.max(Math.floor(input.attempt), 1) - 1, 30);
  const raw = Math.min(base * 2 ** exponent, max);
  const jittered = raw * (1 - jitter + 2 * jitter * random);
  const wanted = Math.max(jittered, input.retryAfterMs ?? 0);
  return Math.round(Math.min(wanted, max));
}
