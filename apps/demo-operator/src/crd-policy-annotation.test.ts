import { readFileSync } from 'node:fs';
import { POLICY_ANNOTATION, policyAnnotation } from '@pause/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { widgetPausePolicy } from './pause-policy.ts';

describe('deploy/crd.yaml', () => {
  it('declares the operator pause policy in the pause.dev/policy annotation', () => {
    const crd = parse(readFileSync(new URL('../deploy/crd.yaml', import.meta.url), 'utf8')) as {
      metadata: { annotations?: Record<string, string> };
    };
    const expected = policyAnnotation(widgetPausePolicy('any-owner'));
    expect(expected.key).toBe(POLICY_ANNOTATION);
    expect(crd.metadata.annotations?.[expected.key]).toBe(expected.value);
  });
});
