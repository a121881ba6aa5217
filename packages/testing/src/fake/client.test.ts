import { type KubeObject, PauseApiError } from '@pause/core';
import { describe, expect, it } from 'vitest';
import { FakePauseClient } from './client.ts';
import { FakeCluster } from './cluster.ts';

const ref = { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', namespace: 'ns' };
const paused = {
  type: 'Paused',
  status: 'True' as const,
  reason: 'PausedByLabel',
  message: 'paused',
  lastTransitionTime: '2026-01-01T00:00:00Z',
};

function setup(status?: Record<string, unknown>) {
  const cluster = new FakeCluster();
  const object: KubeObject = {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { name: 'w', namespace: 'ns' },
  };
  if (status) object.status = status;
  const stored = cluster.seed(object);
  return { cluster, client: new FakePauseClient(cluster), stored };
}

describe('FakePauseClient', () => {
  it('reads a copy, or undefined when the object is missing', async () => {
    const { client } = setup();
    expect((await client.read(ref))?.metadata?.name).toBe('w');
    expect(await client.read({ ...ref, name: 'nope' })).toBeUndefined();
  });

  it('merge-patches labels with the resourceVersion precondition (409 when stale)', async () => {
    const { client, stored } = setup();
    const rv = String(stored.metadata?.resourceVersion);
    const after = await client.writeMetadata(ref, {
      kind: 'metadata',
      labels: { a: '1' },
      resourceVersion: rv,
    });
    expect(after.metadata?.labels).toEqual({ a: '1' });
    await expect(
      client.writeMetadata(ref, { kind: 'metadata', labels: { a: null }, resourceVersion: rv }),
    ).rejects.toMatchObject({ kind: 'conflict', statusCode: 409 });
  });

  it("writes one condition by JSON Patch, keeping other writers' entries", async () => {
    const other = { ...paused, type: 'Ready', reason: 'Up' };
    const { client, stored, cluster } = setup({ conditions: [other] });
    const after = await client.writeCondition(ref, stored, { op: 'set', condition: paused });
    expect((after.status as { conditions: unknown[] }).conditions).toEqual([other, paused]);
    expect(cluster.writes.at(-1)).toMatchObject({
      operation: 'patch-status',
      patchType: 'json',
      actor: 'pause',
    });
  });

  it('fails a condition write based on a stale read with 422, classified as a conflict', async () => {
    const { client, stored, cluster } = setup({ conditions: [] });
    cluster.patch(ref, { type: 'merge', subresource: 'status', body: { status: { phase: 'x' } } });
    const error = await client
      .writeCondition(ref, stored, { op: 'set', condition: paused })
      .catch((thrown: unknown) => thrown);
    expect(PauseApiError.isInstance(error) && error.kind).toBe('conflict');
    expect(error).toMatchObject({ statusCode: 422, reason: 'Invalid' });
  });

  it('makes no call for a change that is already stored', async () => {
    const { client, cluster } = setup({ conditions: [paused] });
    const before = cluster.writes.length;
    const base = await client.read(ref);
    await client.writeCondition(ref, base as KubeObject, { op: 'remove', type: 'Absent' });
    expect(cluster.writes.length).toBe(before);
  });

  it('records Events about the object', async () => {
    const { client, cluster, stored } = setup();
    await client.recordEvent(stored, { type: 'Normal', reason: 'Paused', message: 'm' });
    expect(cluster.events).toEqual([
      {
        type: 'Normal',
        reason: 'Paused',
        message: 'm',
        ref,
        uid: stored.metadata?.uid,
        actor: 'pause',
      },
    ]);
  });
});
