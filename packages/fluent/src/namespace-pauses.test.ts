import { createPausePolicy, type KubeObject } from '@pause/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNamespacePauses } from './namespace-pauses.ts';

const policy = createPausePolicy({
  labelKey: 'example.com/paused',
  namespaceLabelKey: 'example.com/paused',
});
const ref = (name: string, namespace?: string) => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  name,
  ...(namespace ? { namespace } : {}),
});
const ns = (paused: boolean): KubeObject => ({
  metadata: { name: 'a', labels: paused ? { 'example.com/paused': '' } : {} },
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createNamespacePauses', () => {
  it('reads a Namespace once per ttl, and nothing for cluster-scoped objects or without namespaceLabelKey', async () => {
    const read = vi.fn(async () => ns(false));
    const pauses = createNamespacePauses({ policy, read, ttlMs: 60_000, changed: () => undefined });
    await pauses.namespaceOf('k1', ref('w1', 'a'));
    await pauses.namespaceOf('k2', ref('w2', 'a'));
    expect(await pauses.namespaceOf('k3', ref('c1'))).toBeUndefined();
    expect(read).toHaveBeenCalledTimes(1);
    const off = createNamespacePauses({
      policy: createPausePolicy({ labelKey: 'example.com/paused' }),
      read,
      ttlMs: 1,
      changed: () => undefined,
    });
    expect(await off.namespaceOf('k1', ref('w1', 'a'))).toBeUndefined();
    expect(read).toHaveBeenCalledTimes(1);
    pauses.dispose();
  });

  it('re-reads every ttl and re-passes the known objects of a namespace whose pause changed', async () => {
    vi.useFakeTimers();
    let paused = false;
    const changed = vi.fn();
    const pauses = createNamespacePauses({
      policy,
      read: async () => ns(paused),
      ttlMs: 1_000,
      changed,
    });
    await pauses.namespaceOf('k1', ref('w1', 'a'));
    await pauses.namespaceOf('k2', ref('w2', 'a'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(changed).not.toHaveBeenCalled(); // nothing changed
    paused = true;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(changed).toHaveBeenCalledWith([ref('w1', 'a'), ref('w2', 'a')], ns(true), ['k1', 'k2']);
    pauses.forget('k1');
    paused = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(changed).toHaveBeenLastCalledWith([ref('w2', 'a')], ns(false), ['k2']);
    pauses.dispose();
  });

  it('a failed read falls back to the last Namespace read; without one it throws; a failed check is reported', async () => {
    vi.useFakeTimers();
    let fail = false;
    const errors: string[] = [];
    const pauses = createNamespacePauses({
      policy,
      read: async () => {
        if (fail) throw new Error('503');
        return ns(true);
      },
      ttlMs: 1_000,
      changed: () => undefined,
      onError: (name, error) => errors.push(`${name}: ${(error as Error).message}`),
    });
    expect((await pauses.namespaceOf('k1', ref('w1', 'a')))?.metadata?.labels).toEqual({
      'example.com/paused': '',
    });
    fail = true;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(errors).toEqual(['a: 503']);
    expect(await pauses.namespaceOf('k1', ref('w1', 'a'))).toBeDefined();
    await expect(pauses.namespaceOf('k2', ref('w2', 'b'))).rejects.toThrow('503');
    pauses.dispose();
  });
});
