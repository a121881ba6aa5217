import { describe, expect, it } from 'vitest';
import {
  conditionReasonProblem,
  formatRfc3339,
  labelValueProblem,
  parseRfc3339,
  qualifiedNameProblem,
} from './validation.ts';

describe('validation', () => {
  it.each(['', 'a', 'a-b.c_d', 'A1', 'x'.repeat(63)])('label value %j is valid', (v) => {
    expect(labelValueProblem(v)).toBeUndefined();
  });

  it.each(['-a', 'a-', 'x'.repeat(64), 'a b', 'a/b'])('label value %j is invalid', (v) => {
    expect(labelValueProblem(v)).toBeTypeOf('string');
  });

  it('prefix up to 253 characters', () => {
    const prefix = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(prefix.length).toBe(253);
    expect(qualifiedNameProblem(`${prefix}/x`)).toBeUndefined();
    expect(qualifiedNameProblem(`${prefix}d/x`)).toMatch(/253/);
  });

  it.each([
    ['PausedByLabel', true],
    ['a:b,c_d', true],
    ['1Bad', false],
    ['Bad-', false],
    ['', false],
  ])('condition reason %j valid=%s', (reason, ok) => {
    expect(conditionReasonProblem(reason) === undefined).toBe(ok);
  });

  it.each([
    ['2026-01-01T00:00:00Z', Date.UTC(2026, 0, 1)],
    ['2026-01-01T01:00:00+01:00', Date.UTC(2026, 0, 1)],
    ['2026-01-01t00:00:00.5z', Date.UTC(2026, 0, 1) + 500],
  ])('parses RFC 3339 %s', (text, ms) => {
    expect(parseRfc3339(text)).toBe(ms);
  });

  it.each(['2026-01-01', 'tomorrow', '2026-13-01T00:00:00Z', '2026-01-01T25:00:00Z', '1767225600'])(
    'rejects %s',
    (text) => {
      expect(parseRfc3339(text)).toBeUndefined();
    },
  );

  it('formats metav1.Time: UTC, whole seconds', () => {
    expect(formatRfc3339(Date.UTC(2026, 0, 1) + 999)).toBe('2026-01-01T00:00:00Z');
  });
});
