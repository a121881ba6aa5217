import type { KubeObject } from '@pause/core';
import { describe, expect, it } from 'vitest';
import { namespaceConfirmed } from './namespace-wait.ts';

function gizmo(conditions: object[], generation = 3): KubeObject {
  return { metadata: { name: 'g', namespace: 'shop', generation }, status: { conditions } };
}

const paused = (reason: string, observedGeneration = 3) => ({
  type: 'Paused',
  status: 'True',
  reason,
  observedGeneration,
});

describe('namespaceConfirmed', () => {
  it('pause: the condition True at the current generation, whoever paused', () => {
    expect(namespaceConfirmed(gizmo([paused('PausedByNamespace')]), 'Paused', true)).toBe(true);
    expect(namespaceConfirmed(gizmo([paused('PausedByLabel')]), 'Paused', true)).toBe(true);
    expect(namespaceConfirmed(gizmo([paused('PausedByNamespace', 2)]), 'Paused', true)).toBe(false);
    expect(namespaceConfirmed(gizmo([paused('PausedByNamespace')]), 'Held', true)).toBe(false);
    expect(namespaceConfirmed(gizmo([]), 'Paused', true)).toBe(false);
  });

  it('resume: no True condition of reason PausedByNamespace', () => {
    expect(namespaceConfirmed(gizmo([]), 'Paused', false)).toBe(true);
    expect(namespaceConfirmed(gizmo([paused('PausedByLabel')]), 'Paused', false)).toBe(true);
    expect(
      namespaceConfirmed(
        gizmo([{ ...paused('PausedByNamespace'), status: 'False' }]),
        'Paused',
        false,
      ),
    ).toBe(true);
    expect(namespaceConfirmed(gizmo([paused('PausedByNamespace')]), 'Paused', false)).toBe(false);
  });
});
