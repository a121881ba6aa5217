import { describe, expect, it } from 'vitest';
import { applyMergePatch, jsonEqual } from './merge-patch.ts';

describe('applyMergePatch (RFC 7386)', () => {
  it('merges maps, deletes on null, replaces lists whole, leaves the target alone', () => {
    const target = { a: { b: 1, c: 2 }, list: [1, 2], keep: true };
    const result = applyMergePatch(target, { a: { b: null, d: 3 }, list: [3] });
    expect(result).toEqual({ a: { c: 2, d: 3 }, list: [3], keep: true });
    expect(target).toEqual({ a: { b: 1, c: 2 }, list: [1, 2], keep: true });
  });

  it('replaces a non-object target and returns non-object patches as they are', () => {
    expect(applyMergePatch('text', { a: 1 })).toEqual({ a: 1 });
    expect(applyMergePatch({ a: 1 }, [1])).toEqual([1]);
  });
});

describe('jsonEqual', () => {
  it('ignores key order and undefined members', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1, d: undefined })).toBe(
      true,
    );
    expect(jsonEqual({ a: [1] }, { a: [1, 2] })).toBe(false);
  });
});
