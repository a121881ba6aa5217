import { createPausePolicy, type KubeObject, PauseApiError } from '@pause/core';
import { FakeCluster, FakePauseClient } from '@pause/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withPause } from './pepr.ts';
import type { PauseLogger } from './reconcile-types.ts';

const LABEL = 'example.com/paused';
const UNTIL = 'example.com/paused-until';
const policy = createPausePolicy({ labelKey: LABEL, untilAnnotation: UNTIL });

function setup(labels?: Record<string, string>, annotations?: Record<string, string>) {
  const cluster = new FakeCluster();
  const client = new FakePauseClient(cluster);
  const object = cluster.create({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: {
      name: 'w',
      namespace: 'ns',
      ...(labels ? { labels } : {}),
      ...(annotations ? { annotations } : {}),
    },
    spec: { size: 1 },
  });
  const ref = { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', namespace: 'ns' };
  const seen: KubeObject[] = [];
  const reconcile = vi.fn(async (o: KubeObject) => {
    seen.push(o);
  });
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };
  /** Writes made after the object was created. */
  const writesSince = () => cluster.writes.filter((w) => w.operation !== 'create');
  return { cluster, client, object, ref, seen, reconcile, sleeps, sleep, writesSince };
}

function pausedCondition(object: KubeObject | undefined) {
  const conditions = (
    object?.status as { conditions?: Array<{ type: string; status: string }> } | undefined
  )?.conditions;
  return conditions?.find((c) => c.type === 'Paused');
}

afterEach(() => {
  vi.useRealTimers();
});

describe('withPause (the Reconcile callback contract)', () => {
  it('runs the reconcile on an unpaused object, with no writes', async () => {
    const t = setup();
    const wrapped = withPause(policy, t.reconcile, { client: t.client });
    await wrapped(t.object, 'ADDED');
    expect(t.reconcile).toHaveBeenCalledTimes(1);
    expect(t.seen[0]?.metadata?.name).toBe('w');
    expect(t.writesSince()).toHaveLength(0);
  });

  it('skips a paused object, keeps the Paused condition and records one Event', async () => {
    const t = setup({ [LABEL]: '' });
    const wrapped = withPause(policy, t.reconcile, { client: t.client });
    await wrapped(t.object, 'ADDED');
    expect(t.reconcile).not.toHaveBeenCalled();
    expect(pausedCondition(t.cluster.get(t.ref))).toMatchObject({
      status: 'True',
      reason: 'PausedByLabel',
    });
    expect(t.cluster.events.map((e) => e.reason)).toEqual(['Paused']);
    // Steady state: the next event of the paused object writes nothing.
    const writes = t.cluster.writes.length;
    await wrapped(t.cluster.get(t.ref) as KubeObject, 'MODIFIED');
    expect(t.reconcile).not.toHaveBeenCalled();
    expect(t.cluster.writes).toHaveLength(writes);
  });

  it('resumes when the label is removed: the condition goes, the reconcile sees the object as stored', async () => {
    const t = setup({ [LABEL]: '' });
    const wrapped = withPause(policy, t.reconcile, { client: t.client });
    await wrapped(t.object, 'ADDED');
    const unlabelled = t.cluster.patch(t.ref, {
      type: 'merge',
      body: { metadata: { labels: { [LABEL]: null } } },
    });
    await wrapped(unlabelled, 'MODIFIED');
    expect(t.reconcile).toHaveBeenCalledTimes(1);
    expect(pausedCondition(t.seen[0])).toBeUndefined();
    expect(t.cluster.events.map((e) => e.reason)).toEqual(['Paused', 'Resumed']);
  });

  it("retries a failed write with core's backoff (250 ms doubling, ±20 % jitter), then succeeds", async () => {
    const t = setup({ [LABEL]: '' });
    t.client.faults.failNext('writeCondition', { kind: 'status', statusCode: 500 }, 2);
    const wrapped = withPause(policy, t.reconcile, {
      client: t.client,
      sleep: t.sleep,
      random: () => 0,
    });
    await wrapped(t.object, 'ADDED');
    expect(t.sleeps).toEqual([200, 400]); // 250 · 2^(n-1) · 0.8 (the lowest jitter)
    expect(pausedCondition(t.cluster.get(t.ref))?.status).toBe('True');
    expect(t.reconcile).not.toHaveBeenCalled();
  });

  it('takes the backoff options of retryDelayMs: baseMs, maxMs (caps Retry-After too), jitter', async () => {
    const t = setup({ [LABEL]: '' });
    t.client.faults.failNext('writeCondition', { kind: 'status', statusCode: 500 }, 3);
    t.client.faults.failNext(
      'writeCondition',
      { kind: 'status', statusCode: 429, retryAfterSeconds: 60 },
      1,
    );
    const wrapped = withPause(policy, t.reconcile, {
      client: t.client,
      sleep: t.sleep,
      random: () => 0.5,
      retry: { maxAttempts: 5, baseMs: 1_000, maxMs: 3_000, jitter: 0 },
    });
    await wrapped(t.object, 'ADDED');
    expect(t.sleeps).toEqual([1_000, 2_000, 3_000, 3_000]);
    expect(pausedCondition(t.cluster.get(t.ref))?.status).toBe('True');
  });

  it('gives up after maxAttempts: throws the last PauseApiError, never runs the reconcile', async () => {
    const t = setup({ [LABEL]: '' });
    t.client.faults.failNext(
      'writeCondition',
      { kind: 'status', statusCode: 503, retryAfterSeconds: 1 },
      10,
    );
    const errors: string[] = [];
    const logger: PauseLogger = { error: (_data, message) => errors.push(message) };
    const wrapped = withPause(policy, t.reconcile, {
      client: t.client,
      sleep: t.sleep,
      random: () => 0,
      retry: { maxAttempts: 3 },
    });
    const call = wrapped(t.object, 'ADDED', logger);
    await expect(call).rejects.toSatisfy(
      (e) => PauseApiError.isInstance(e) && e.kind === 'throttled',
    );
    expect(t.sleeps).toEqual([1000, 1000]); // Retry-After wins over the shorter backoff
    expect(errors).toHaveLength(1);
    expect(t.reconcile).not.toHaveBeenCalled();
  });

  it('does not retry a permanent failure (403)', async () => {
    const t = setup({ [LABEL]: '' });
    t.client.faults.failNext('writeCondition', { kind: 'status', statusCode: 403 }, 1);
    const wrapped = withPause(policy, t.reconcile, { client: t.client, sleep: t.sleep });
    await expect(wrapped(t.object, 'ADDED')).rejects.toMatchObject({ kind: 'forbidden' });
    expect(t.sleeps).toEqual([]);
  });

  it('retries a network failure', async () => {
    const t = setup({ [LABEL]: '' });
    t.client.faults.failNext('writeCondition', { kind: 'network' }, 1);
    const wrapped = withPause(policy, t.reconcile, {
      client: t.client,
      sleep: t.sleep,
      random: () => 0,
    });
    await wrapped(t.object, 'ADDED');
    expect(t.sleeps).toHaveLength(1);
    expect(pausedCondition(t.cluster.get(t.ref))?.status).toBe('True');
  });

  it('skips an object deleted before the write', async () => {
    const t = setup({ [LABEL]: '' });
    t.cluster.delete(t.ref);
    const wrapped = withPause(policy, t.reconcile, { client: t.client, sleep: t.sleep });
    await wrapped(t.object, 'MODIFIED');
    expect(t.reconcile).not.toHaveBeenCalled();
  });

  it('passes DELETED events straight to the reconcile', async () => {
    const t = setup({ [LABEL]: '' });
    const wrapped = withPause(policy, t.reconcile, { client: t.client });
    await wrapped(t.object, 'DELETED');
    expect(t.reconcile).toHaveBeenCalledTimes(1);
    expect(t.writesSince()).toHaveLength(0);
  });

  it('looks again when an `until` pause is due (Pepr has no requeue), and resumes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const until = new Date(Date.now() + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const t = setup({ [LABEL]: '' }, { [UNTIL]: until });
    const wrapped = withPause(policy, t.reconcile, { client: t.client });
    await wrapped(t.object, 'ADDED');
    expect(t.reconcile).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(61_000);
    await vi.waitFor(() => expect(t.reconcile).toHaveBeenCalledTimes(1));
    expect(t.cluster.get(t.ref)?.metadata?.labels?.[LABEL]).toBeUndefined();
    expect(t.cluster.events.map((e) => e.reason)).toEqual(['Paused', 'PauseExpired']);
    await wrapped.dispose();
  });

  it('serialises calls for one object', async () => {
    const t = setup();
    let running = 0;
    let overlap = false;
    const wrapped = withPause(
      policy,
      async () => {
        running++;
        if (running > 1) overlap = true;
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
      },
      { client: t.client },
    );
    await Promise.all([
      wrapped(t.object, 'ADDED'),
      wrapped(t.object, 'MODIFIED'),
      wrapped(t.object, 'MODIFIED'),
    ]);
    expect(overlap).toBe(false);
  });
});
