import { PauseError } from '@pause/core';
import { describe, expect, it } from 'vitest';
import { createPausableController } from './pausable-controller.ts';

const resource = { group: 'example.com', version: 'v1', plural: 'widgets', kind: 'Widget' };
const base = {
  resource,
  pause: { labelKey: 'example.com/paused' },
  reconcile: async () => undefined,
};

function codeOf(make: () => unknown): string | undefined {
  try {
    make();
  } catch (error) {
    return PauseError.isInstance(error) ? error.code : `not a PauseError: ${String(error)}`;
  }
  return undefined;
}

describe('createPausableController scoping (shards)', () => {
  it('refuses `namespace` and `namespaces` together', () => {
    expect(
      codeOf(() => createPausableController({ ...base, namespace: 'a', namespaces: ['b'] })),
    ).toBe('INVALID_POLICY');
  });

  it('refuses an empty `namespaces`, an empty name, and `namespaces` of a cluster-scoped resource', () => {
    expect(codeOf(() => createPausableController({ ...base, namespaces: [] }))).toBe(
      'INVALID_POLICY',
    );
    expect(codeOf(() => createPausableController({ ...base, namespaces: ['a', ''] }))).toBe(
      'INVALID_POLICY',
    );
    expect(
      codeOf(() =>
        createPausableController({
          ...base,
          resource: { ...resource, namespaced: false },
          namespaces: ['a'],
        }),
      ),
    ).toBe('INVALID_POLICY');
  });

  it('accepts several namespaces and has no informer before start()', async () => {
    const controller = createPausableController({ ...base, namespaces: ['a', 'b', 'a'] });
    expect(controller.informer).toBeUndefined();
    expect(controller.informers).toEqual([]);
    await controller.stop();
  });
});
