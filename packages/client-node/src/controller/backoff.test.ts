import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  const noJitter = { baseMs: 100, maxMs: 10_000, jitter: 0 };

  it('doubles from the base delay', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, noJitter))).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds the maximum', () => {
    expect(backoffDelay(50, noJitter)).toBe(10_000);
    expect(backoffDelay(1000, { ...noJitter, jitter: 1 }, undefined, () => 0.999)).toBe(10_000);
  });

  it('stays within the jitter bounds', () => {
    const options = { baseMs: 1000, maxMs: 60_000, jitter: 0.2 };
    expect(backoffDelay(1, options, undefined, () => 0)).toBe(800);
    expect(backoffDelay(1, options, undefined, () => 1)).toBe(1200);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(3, options);
      expect(delay).toBeGreaterThanOrEqual(3200);
      expect(delay).toBeLessThanOrEqual(4800);
    }
  });

  it('honours a longer Retry-After', () => {
    expect(backoffDelay(1, noJitter, 5000)).toBe(5000);
    expect(backoffDelay(5, noJitter, 10)).toBe(1600);
  });
});
