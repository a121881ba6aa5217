import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseUntil, rfc3339, untilTime } from './duration.ts';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['1h0m5s', 3_605_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    [' 5s ', 5000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', 'h', '2d', '1h 30m', '-5s', 'soon', '5S'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('untilTime', () => {
  const now = new Date('2026-11-30T03:00:00.123Z');

  it('adds a duration to now, in whole seconds UTC', () => {
    expect(untilTime('2h', now)).toBe('2026-11-30T05:00:00Z');
    expect(untilTime('1h30m', now)).toBe('2026-11-30T04:30:00Z');
  });

  it('keeps an RFC 3339 time in the future as given', () => {
    expect(untilTime('2026-12-24T18:00:00Z', now)).toBe('2026-12-24T18:00:00Z');
    expect(untilTime('2026-12-24T18:00:00+01:00', now)).toBe('2026-12-24T18:00:00+01:00');
  });

  it('rejects the past, zero and anything else', () => {
    expect(() => untilTime('2020-01-01T00:00:00Z', now)).toThrow('not in the future');
    expect(() => untilTime('0s', now)).toThrow('must be positive');
    expect(() => untilTime('tomorrow', now)).toThrow('expected a duration');
    expect(() => untilTime('2026-12-24', now)).toThrow('RFC 3339');
  });
});

describe('rfc3339 and formatDuration', () => {
  it('formats', () => {
    expect(rfc3339(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05Z');
    expect(formatDuration(5000)).toBe('5s');
    expect(formatDuration(60_000)).toBe('1m');
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(0)).toBe('0ms');
  });
});

describe('parseUntil', () => {
  it('reads an RFC 3339 time, and nothing else', () => {
    expect(parseUntil('2026-11-30T05:00:00Z')).toBe(Date.parse('2026-11-30T05:00:00Z'));
    expect(parseUntil('2026-11-30T06:00:00+01:00')).toBe(Date.parse('2026-11-30T05:00:00Z'));
    expect(parseUntil('2h')).toBeUndefined();
    expect(parseUntil('2026-11-30')).toBeUndefined();
  });
});
