import { PauseApiError } from '@pause/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, isRetryable, retryDelayMs } from './retry.ts';

const serverError = new PauseApiError({ statusCode: 500, operation: 'patch' });

describe('retryDelayMs', () => {
  it('doubles from baseDelayMs, with the jitter bounded to the upper half', () => {
    const policy = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 10_000 };
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n, serverError, () => 0))).toEqual([
      50, 100, 200, 400,
    ]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n, serverError, () => 0.999999))).toEqual([
      100, 200, 400, 800,
    ]);
  });

  it('never waits longer than maxDelayMs', () => {
    const policy = { maxAttempts: 20, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(retryDelayMs(policy, 15, serverError, () => 1)).toBe(1_000);
  });

  it("waits at least the server's Retry-After, capped by maxDelayMs", () => {
    const throttled = new PauseApiError({ statusCode: 429, retryAfter: '2', operation: 'patch' });
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 1, throttled, () => 0)).toBe(2_000);
    const longWait = new PauseApiError({ statusCode: 429, retryAfter: '60', operation: 'patch' });
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 1, longWait, () => 0)).toBe(
      DEFAULT_RETRY_POLICY.maxDelayMs,
    );
  });

  it('keeps the default policy within a few seconds in total', () => {
    const total = [1, 2, 3].reduce(
      (sum, n) => sum + retryDelayMs(DEFAULT_RETRY_POLICY, n, serverError, () => 1),
      0,
    );
    expect(total).toBe(250 + 500 + 1000);
  });
});

describe('isRetryable', () => {
  it.each([
    [409, true],
    [429, true],
    [500, true],
    [503, true],
    [403, false],
    [401, false],
    [400, false],
  ])('HTTP %i -> %s', (statusCode, expected) => {
    expect(isRetryable(new PauseApiError({ statusCode, operation: 'patch' }))).toBe(expected);
  });

  it('retries when there was no answer at all', () => {
    expect(
      isRetryable(new PauseApiError({ operation: 'patch', cause: new Error('ECONNRESET') })),
    ).toBe(true);
  });
});
