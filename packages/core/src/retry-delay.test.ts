import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-delay.ts';

describe('retryDelayMs: the one retry rule', () => {
  it('doubles from 100 ms by default, without jitter at the midpoint', () => {
    const delays = [1, 2, 3, 4].map((attempt) => retryDelayMs({ attempt, random: 0.5 }));
    expect(delays).toEqual([100, 200, 400, 800]);
  });

  it('jitters by ±20 % by default', () => {
    expect(retryDelayMs({ attempt: 1, random: 0 })).toBe(80);
    expect(retryDelayMs({ attempt: 1, random: 0.999999 })).toBe(120);
  });

  it('never exceeds maxMs, however many failures', () => {
    expect(retryDelayMs({ attempt: 1000, random: 0.99, maxMs: 5_000 })).toBe(5_000);
    expect(retryDelayMs({ attempt: 40, random: 0.5 })).toBe(60_000);
  });

  it("waits at least the server's Retry-After", () => {
    expect(retryDelayMs({ attempt: 1, random: 0.5, retryAfterMs: 2_000 })).toBe(2_000);
    expect(retryDelayMs({ attempt: 8, random: 0.5, retryAfterMs: 1_000 })).toBe(12_800);
  });

  it('caps a Retry-After above maxMs at maxMs', () => {
    expect(retryDelayMs({ attempt: 1, random: 0.5, retryAfterMs: 120_000, maxMs: 8_000 })).toBe(
      8_000,
    );
  });

  it('takes base, jitter 0 and odd inputs', () => {
    expect(retryDelayMs({ attempt: 3, random: 0.9, baseMs: 5, jitter: 0 })).toBe(20);
    expect(retryDelayMs({ attempt: 0, random: 0.5 })).toBe(100);
    expect(retryDelayMs({ attempt: 2, random: 2, jitter: 5 })).toBe(400);
  });
});
