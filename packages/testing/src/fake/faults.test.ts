import { createPausePolicy, type KubeObject, runPause } from '@pause/core';
import { conditionJsonPatch } from '@pause/core/adapter';
import { describe, expect, it, vi } from 'vitest';
import { FakePauseClient } from './client.ts';
import { FakeCluster } from './cluster.ts';
import { FakeFaults } from './faults.ts';

const ref = { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w' };

function setup() {
  const cluster = new FakeCluster();
  cluster.create({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: 'w' } });
  const faults = new FakeFaults();
  return { cluster, faults, client: new FakePauseClient(cluster, { faults }) };
}

const label = { kind: 'metadata' as const, labels: { a: '1' } };

describe('FakeFaults', () => {
  it.each([
    [403, 'forbidden'],
    [404, 'not-found'],
    [409, 'conflict'],
    [422, 'invalid'],
    [500, 'server'],
  ] as const)('fails the next call with %i (%s)', async (statusCode, kind) => {
    const { client, faults } = setup();
    faults.failNext('writeMetadata', { kind: 'status', statusCode });
    await expect(client.writeMetadata(ref, label)).rejects.toMatchObject({ statusCode, kind });
    await expect(client.writeMetadata(ref, label)).resolves.toBeDefined();
  });

  it('carries Retry-After on 429 and 503', async () => {
    const { client, faults } = setup();
    faults.failNext('read', { kind: 'status', statusCode: 429, retryAfterSeconds: 3 });
    faults.failNext('read', { kind: 'status', statusCode: 503, retryAfterSeconds: 1 });
    await expect(client.read(ref)).rejects.toMatchObject({ kind: 'throttled', retryAfterMs: 3000 });
    await expect(client.read(ref)).rejects.toMatchObject({ kind: 'throttled', retryAfterMs: 1000 });
  });

  it('fails with a network error (no status code)', async () => {
    const { client, faults } = setup();
    faults.failNext('any', { kind: 'network' }, 2);
    await expect(client.read(ref)).rejects.toMatchObject({
      kind: 'network',
      statusCode: undefined,
    });
    await expect(client.writeMetadata(ref, label)).rejects.toMatchObject({ kind: 'network' });
    expect(faults.pending).toBe(0);
  });

  it('fails the calls a predicate chooses, as many times as asked', async () => {
    const { client, faults } = setup();
    faults.failWhen(
      (call) => call.operation === 'read' && call.ref.name === 'w',
      { kind: 'status', statusCode: 500 },
      2,
    );
    await expect(client.read({ ...ref, name: 'other' })).resolves.toBeUndefined();
    await expect(client.read(ref)).rejects.toMatchObject({ kind: 'server' });
    await expect(client.read(ref)).rejects.toMatchObject({ kind: 'server' });
    await expect(client.read(ref)).resolves.toBeDefined();
  });

  it('runs a second writer between our read and our write', async () => {
    const { client, faults, cluster } = setup();
    faults.onBeforeWrite(() => {
      cluster.patch(ref, {
        type: 'merge',
        body: { metadata: { labels: { other: 'x' } } },
        actor: 'other-writer',
      });
    }, 1);
    const base = (await client.read(ref)) as KubeObject;
    await expect(
      client.writeMetadata(ref, { ...label, resourceVersion: base.metadata?.resourceVersion }),
    ).rejects.toMatchObject({ kind: 'conflict' });
    expect(cluster.writes.map((w) => w.actor)).toEqual(['user', 'other-writer', 'pause']);
  });

  it("a second writer's condition between runPause's read and write is kept", async () => {
    const { client, faults, cluster } = setup();
    cluster.patch(ref, { type: 'merge', body: { metadata: { labels: { paused: '' } } } });
    const other = {
      type: 'OtherReady',
      status: 'True' as const,
      reason: 'Up',
      message: 'm',
      lastTransitionTime: '2026-01-01T00:00:00Z',
    };
    faults.onBeforeWrite(() => {
      const current = cluster.get(ref) as KubeObject;
      cluster.patch(ref, {
        type: 'json',
        subresource: 'status',
        body: conditionJsonPatch(current, { op: 'set', condition: other }),
        actor: 'other-writer',
      });
    }, 1);
    const read = (await client.read(ref)) as KubeObject;
    const outcome = await runPause(client, read, createPausePolicy({ labelKey: 'paused' }), {
      now: 0,
    });
    expect(outcome.action).toBe('stop');
    const stored = cluster.get(ref) as KubeObject;
    const types = (stored.status as { conditions: { type: string }[] }).conditions.map(
      (c) => c.type,
    );
    expect(types).toEqual(['OtherReady', 'Paused']);
    expect(
      cluster.writes.filter((w) => w.operation === 'patch-status').map((w) => [w.actor, w.outcome]),
    ).toEqual([
      ['other-writer', 'applied'],
      ['pause', 'failed'],
      ['pause', 'applied'],
    ]);
  });

  it('adds latency: the call settles only once the delay has passed', async () => {
    vi.useFakeTimers();
    try {
      const { client, faults } = setup();
      faults.setLatency(250);
      let settled = false;
      const read = client.read(ref).then(() => {
        settled = true;
      });
      await vi.advanceTimersByTimeAsync(249);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await read;
      expect(settled).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('clear() removes pending faults and hooks', async () => {
    const { client, faults } = setup();
    faults.failNext('read', { kind: 'status', statusCode: 500 });
    faults.onBeforeWrite(() => {
      throw new Error('hook must not run');
    });
    faults.clear();
    expect(faults.pending).toBe(0);
    await expect(client.read(ref)).resolves.toBeDefined();
    await expect(client.writeMetadata(ref, label)).resolves.toBeDefined();
  });
});
