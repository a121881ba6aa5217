import { describe, expect, it } from 'vitest';
import { createPausePolicy } from './policy.ts';
import { POLICY_ANNOTATION, parsePolicyAnnotation, policyAnnotation } from './policy-annotation.ts';

describe('policyAnnotation', () => {
  it('declares the label, the annotations and the condition type as JSON', () => {
    const policy = createPausePolicy({
      labelKey: 'example.com/paused',
      reasonAnnotation: 'example.com/pause-reason',
      untilAnnotation: 'example.com/pause-until',
      ownerId: 'op',
    });
    const { key, value } = policyAnnotation(policy);
    expect(key).toBe('pause.dev/policy');
    expect(key).toBe(POLICY_ANNOTATION);
    expect(JSON.parse(value)).toEqual({
      labelKey: 'example.com/paused',
      reasonAnnotation: 'example.com/pause-reason',
      untilAnnotation: 'example.com/pause-until',
      conditionType: 'Paused',
    });
  });

  it('leaves out the annotations the policy has not', () => {
    const { value } = policyAnnotation(
      createPausePolicy({ labelKey: 'a.io/p', conditionType: 'Held' }),
    );
    expect(value).toBe('{"labelKey":"a.io/p","conditionType":"Held"}');
  });

  it('parses back what it renders', () => {
    const policy = createPausePolicy({ labelKey: 'a.io/p', reasonAnnotation: 'a.io/why' });
    expect(parsePolicyAnnotation(policyAnnotation(policy).value)).toEqual({
      labelKey: 'a.io/p',
      reasonAnnotation: 'a.io/why',
      conditionType: 'Paused',
    });
  });

  it('declares and parses back the namespace pause label', () => {
    const policy = createPausePolicy({ labelKey: 'a.io/p', namespaceLabelKey: 'a.io/ns-paused' });
    const { value } = policyAnnotation(policy);
    expect(value).toBe(
      '{"labelKey":"a.io/p","conditionType":"Paused","namespaceLabelKey":"a.io/ns-paused"}',
    );
    expect(parsePolicyAnnotation(value).namespaceLabelKey).toBe('a.io/ns-paused');
  });

  it.each([
    ['not json', 'not JSON'],
    ['[]', 'JSON object'],
    ['{}', 'no "labelKey"'],
    ['{"labelKey":"a","reasonAnnotation":3}', '"reasonAnnotation" must be a string'],
  ])('rejects %s', (value, message) => {
    expect(() => parsePolicyAnnotation(value)).toThrow(message);
  });
});
