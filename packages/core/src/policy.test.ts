import { describe, expect, it } from 'vitest';
import { PauseError } from './errors.ts';
import { createPausePolicy, type PausePolicyOptions } from './policy.ts';

function codeOf(options: PausePolicyOptions): string | undefined {
  try {
    createPausePolicy(options);
    return undefined;
  } catch (error) {
    return PauseError.isInstance(error) ? error.code : 'NOT_A_PAUSE_ERROR';
  }
}

describe('createPausePolicy', () => {
  it('fills defaults and freezes', () => {
    const p = createPausePolicy({ labelKey: 'example.com/paused' });
    expect(p).toEqual({
      labelKey: 'example.com/paused',
      conditionType: 'Paused',
      reasonAnnotation: undefined,
      untilAnnotation: undefined,
      onDelete: 'block',
      onResume: 'remove',
      ownerId: undefined,
    });
    expect(Object.isFrozen(p)).toBe(true);
  });

  it.each<[string, PausePolicyOptions, string]>([
    ['empty label key', { labelKey: '' }, 'INVALID_LABEL_KEY'],
    ['uppercase prefix', { labelKey: 'Example.com/paused' }, 'INVALID_LABEL_KEY'],
    ['two slashes', { labelKey: 'a/b/c' }, 'INVALID_LABEL_KEY'],
    ['name over 63', { labelKey: `x/${'a'.repeat(64)}` }, 'INVALID_LABEL_KEY'],
    ['name ends with dash', { labelKey: 'paused-' }, 'INVALID_LABEL_KEY'],
    ['space', { labelKey: 'my paused' }, 'INVALID_LABEL_KEY'],
    ['bad condition type', { labelKey: 'p', conditionType: 'Paused!' }, 'INVALID_CONDITION_TYPE'],
    ['bad reason annotation', { labelKey: 'p', reasonAnnotation: '/x' }, 'INVALID_ANNOTATION_KEY'],
    ['bad until annotation', { labelKey: 'p', untilAnnotation: 'a b' }, 'INVALID_ANNOTATION_KEY'],
    [
      'same annotation twice',
      { labelKey: 'p', reasonAnnotation: 'a', untilAnnotation: 'a' },
      'INVALID_POLICY',
    ],
    ['onDelete', { labelKey: 'p', onDelete: 'maybe' as never }, 'INVALID_POLICY'],
    ['onResume', { labelKey: 'p', onResume: 'keep' as never }, 'INVALID_POLICY'],
    ['ownerId too long', { labelKey: 'p', ownerId: 'u'.repeat(64) }, 'INVALID_LABEL_VALUE'],
    ['ownerId with slash', { labelKey: 'p', ownerId: 'a/b' }, 'INVALID_LABEL_VALUE'],
    ['ownerId empty', { labelKey: 'p', ownerId: '' }, 'INVALID_LABEL_VALUE'],
  ])('rejects %s with a typed error', (_name, options, code) => {
    expect(codeOf(options)).toBe(code);
  });

  it('the error message says which input and why', () => {
    expect(() => createPausePolicy({ labelKey: 'Example.com/paused' })).toThrow(
      /invalid label key "Example.com\/paused": prefix "Example.com" must be a lowercase DNS subdomain/,
    );
  });

  it('rejects a non-object', () => {
    expect(codeOf(null as never)).toBe('INVALID_POLICY');
  });

  it.each([
    'paused',
    'example.com/paused',
    'a.b-c.d/x_y.z',
    `${'a'.repeat(63)}`,
    'pause.kubernetes.io/p',
  ])('accepts label key %s', (labelKey) => {
    expect(codeOf({ labelKey })).toBeUndefined();
  });
});
