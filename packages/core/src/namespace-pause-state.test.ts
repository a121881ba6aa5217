import { describe, expect, it } from 'vitest';
import type { KubeObject } from './kube-object.ts';
import { namespacePauseState } from './namespace-pause-state.ts';
import { createPausePolicy } from './policy.ts';

const policy = createPausePolicy({
  labelKey: 'example.com/paused',
  namespaceLabelKey: 'example.com/paused',
  reasonAnnotation: 'example.com/reason',
  untilAnnotation: 'example.com/until',
});
const ns = (labels?: unknown, annotations?: unknown) =>
  ({ metadata: { name: 'a', labels, annotations } }) as unknown as KubeObject;

describe('namespacePauseState', () => {
  it('is undefined without the label, without a Namespace, or without namespaceLabelKey', () => {
    expect(namespacePauseState(ns({ other: 'x' }), policy)).toBeUndefined();
    expect(namespacePauseState(undefined, policy)).toBeUndefined();
    const off = createPausePolicy({ labelKey: 'example.com/paused' });
    expect(namespacePauseState(ns({ 'example.com/paused': '' }), off)).toBeUndefined();
  });

  it('changes with the label value, the reason and the until; not with other fields', () => {
    const base = namespacePauseState(ns({ 'example.com/paused': 'ops' }), policy);
    expect(base).toBeDefined();
    expect(namespacePauseState(ns({ 'example.com/paused': 'ops', team: 'x' }), policy)).toBe(base);
    for (const changed of [
      ns({ 'example.com/paused': 'alice' }),
      ns({ 'example.com/paused': 'ops' }, { 'example.com/reason': 'why' }),
      ns({ 'example.com/paused': 'ops' }, { 'example.com/until': '2026-01-01T00:00:00Z' }),
    ]) {
      expect(namespacePauseState(changed, policy)).not.toBe(base);
    }
  });

  it('never throws on garbage', () => {
    for (const odd of [ns('x', 3), ns([], null), { metadata: null } as unknown as KubeObject]) {
      expect(() => namespacePauseState(odd, policy)).not.toThrow();
    }
  });
});
