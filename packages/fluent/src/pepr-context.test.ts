import {
  type Condition,
  createPausePolicy,
  type KubeObject,
  PauseError,
  type PauseOutcome,
} from '@pause/core';
import type { ReconcileSample } from '@pause/core/adapter';
import { FakeCluster, FakePauseClient } from '@pause/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withPause } from './pepr.ts';
import type { ReconcileContext } from './reconcile-types.ts';

const LABEL = 'example.com/paused';
const OWNER = 'widget-operator';
const policy = createPausePolicy({ labelKey: LABEL, ownerId: OWNER });

function setup() {
  const cluster = new FakeCluster();
  const client = new FakePauseClient(cluster);
  const object = cluster.create({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'ns' },
    spec: { size: 1 },
  });
  const ref = { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', namespace: 'ns' };
  const label = () =>
    cluster.patch(ref, { type: 'merge', body: { metadata: { labels: { [LABEL]: '' } } } });
  const reconciles: ReconcileSample[] = [];
  const metrics = { onReconcile: (sample: ReconcileSample) => reconciles.push(sample) };
  return { cluster, client, object, ref, label, reconciles, metrics };
}

/** A promise settled from outside: the callback waits on it, the test decides when it ends. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

function pausedOf(object: KubeObject | undefined): Condition | undefined {
  return (object?.status as { conditions?: Condition[] } | undefined)?.conditions?.find(
    (c) => c.type === 'Paused',
  );
}

const aborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));

afterEach(() => {
  vi.useRealTimers();
});

describe('the context of the wrapped callback: selfPause', () => {
  it('writes the label (value = ownerId), then Paused=True with reason PausedByController', async () => {
    const t = setup();
    let outcome: PauseOutcome | undefined;
    const reconcile = vi.fn(
      async (_o: KubeObject, _p: string, _l: unknown, ctx: ReconcileContext) => {
        outcome = await ctx.selfPause({
          reason: 'JobFailed',
          message: 'fix the job, then unlabel',
        });
      },
    );
    const wrapped = withPause(policy, reconcile, { client: t.client, metrics: t.metrics });
    await wrapped(t.object, 'ADDED');
    expect(outcome?.action).toBe('stop');
    const stored = t.cluster.get(t.ref);
    expect(stored?.metadata?.labels?.[LABEL]).toBe(OWNER);
    expect(pausedOf(stored)).toMatchObject({
      status: 'True',
      reason: 'PausedByController',
      message: expect.stringContaining('JobFailed: fix the job, then unlabel'),
    });
    expect(t.cluster.events.map((e) => e.reason)).toEqual(['PausedByController']);
    expect(t.reconciles.map((s) => s.result)).toEqual(['success']);
    // The next event of the now paused object skips the callback.
    await wrapped(stored as KubeObject, 'MODIFIED');
    expect(reconcile).toHaveBeenCalledTimes(1);
  });

  it('throws PauseError MISSING_OWNER_ID without ownerId in the policy, writing nothing', async () => {
    const t = setup();
    const writes = t.cluster.writes.length;
    let thrown: unknown;
    const wrapped = withPause(
      { labelKey: LABEL },
      async (_o, _p, _l, ctx) => {
        thrown = await ctx.selfPause({ reason: 'X', message: 'y' }).catch((e: unknown) => e);
      },
      { client: t.client },
    );
    await wrapped(t.object, 'ADDED');
    expect(PauseError.isInstance(thrown) && thrown.code).toBe('MISSING_OWNER_ID');
    expect(t.cluster.writes).toHaveLength(writes);
  });

  it("retries a failed write with withPause's rule, then resolves with the outcome", async () => {
    const t = setup();
    t.client.faults.failNext('writeMetadata', { kind: 'status', statusCode: 500 }, 1);
    const sleeps: number[] = [];
    let outcome: PauseOutcome | undefined;
    const wrapped = withPause(
      policy,
      async (_o, _p, _l, ctx) => {
        outcome = await ctx.selfPause({ reason: 'X', message: 'y' });
      },
      { client: t.client, random: () => 0, sleep: async (ms) => void sleeps.push(ms) },
    );
    await wrapped(t.object, 'ADDED');
    expect(sleeps).toEqual([200]);
    expect(outcome?.action).toBe('stop');
    expect(t.cluster.get(t.ref)?.metadata?.labels?.[LABEL]).toBe(OWNER);
  });

  it('gives the key (the uid) and a signal that stays quiet on a normal run', async () => {
    const t = setup();
    let context: ReconcileContext | undefined;
    const wrapped = withPause(
      policy,
      (_o, _p, _l, ctx) => {
        context = ctx;
      },
      { client: t.client },
    );
    await wrapped(t.object, 'ADDED');
    expect(context?.key).toBe(t.object.metadata?.uid);
    expect(context?.signal.aborted).toBe(false);
  });
});

describe('the context of the wrapped callback: signal', () => {
  it('is aborted by a later event that pauses the object; the Paused condition follows', async () => {
    const t = setup();
    const release = gate();
    let signal: AbortSignal | undefined;
    const reconcile = vi.fn(
      async (_o: KubeObject, _p: string, _l: unknown, ctx: ReconcileContext) => {
        signal ??= ctx.signal;
        await release.opened;
      },
    );
    const wrapped = withPause(policy, reconcile, { client: t.client, metrics: t.metrics });
    const first = wrapped(t.object, 'ADDED');
    await vi.waitFor(() => expect(signal).toBeDefined());
    // A `Watch` binding (no queue) hands the wrapper the next event while the callback runs.
    const second = wrapped(t.label(), 'MODIFIED');
    expect(signal?.aborted).toBe(true);
    expect(String((signal?.reason as Error | undefined)?.message)).toMatch(/was paused while/);
    release.open();
    await Promise.all([first, second]);
    expect(pausedOf(t.cluster.get(t.ref))).toMatchObject({
      status: 'True',
      reason: 'PausedByLabel',
    });
    expect(t.cluster.events.map((e) => e.reason)).toEqual(['Paused']);
    expect(reconcile).toHaveBeenCalledTimes(1);
    expect(t.reconciles.map((s) => s.result)).toEqual(['aborted']);
  });

  it('is aborted when its Namespace gets paused (namespaceLabelKey); PausedByNamespace follows', async () => {
    const t = setup();
    let namespacePaused = false;
    const namespace = (): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'ns', labels: namespacePaused ? { [LABEL]: 'ops' } : {} },
    });
    let signal: AbortSignal | undefined;
    const reconcile = vi.fn(
      async (_o: KubeObject, _p: string, _l: unknown, ctx: ReconcileContext) => {
        signal ??= ctx.signal;
        await aborted(ctx.signal); // a long reconcile: ends only when told to stop
      },
    );
    const wrapped = withPause(
      createPausePolicy({ labelKey: LABEL, ownerId: OWNER, namespaceLabelKey: LABEL }),
      reconcile,
      {
        client: t.client,
        metrics: t.metrics,
        readNamespace: async () => namespace(),
        namespaceCacheMs: 20,
      },
    );
    const run = wrapped(t.object, 'ADDED');
    await vi.waitFor(() => expect(signal).toBeDefined());
    expect(signal?.aborted).toBe(false);
    namespacePaused = true; // no event on the object: only the Namespace re-read can see it
    await vi.waitFor(() => expect(signal?.aborted).toBe(true));
    expect(String((signal?.reason as Error | undefined)?.message)).toMatch(
      /the Namespace of .* was paused while its reconcile was running/,
    );
    await run;
    await vi.waitFor(() =>
      expect(pausedOf(t.cluster.get(t.ref))).toMatchObject({
        status: 'True',
        reason: 'PausedByNamespace',
      }),
    );
    expect(reconcile).toHaveBeenCalledTimes(1);
    expect(t.reconciles.map((s) => s.result)).toEqual(['aborted']);
    await wrapped.dispose();
  });

  it('is aborted by dispose(); the wrapper then neither re-reads nor passes again', async () => {
    const t = setup();
    let signal: AbortSignal | undefined;
    const reconcile = vi.fn(
      async (_o: KubeObject, _p: string, _l: unknown, ctx: ReconcileContext) => {
        signal ??= ctx.signal;
        await aborted(ctx.signal);
      },
    );
    const wrapped = withPause(policy, reconcile, { client: t.client, metrics: t.metrics });
    const run = wrapped(t.object, 'ADDED');
    await vi.waitFor(() => expect(signal).toBeDefined());
    const read = vi.spyOn(t.client, 'read');
    await wrapped.dispose();
    expect(signal?.aborted).toBe(true);
    expect(String((signal?.reason as Error | undefined)?.message)).toMatch(/disposed/);
    await expect(run).resolves.toBeUndefined();
    expect(read).not.toHaveBeenCalled();
    expect(reconcile).toHaveBeenCalledTimes(1);
    expect(pausedOf(t.cluster.get(t.ref))).toBeUndefined(); // nothing written after
  });

  it('is not aborted by an event that does not pause the object', async () => {
    const t = setup();
    const release = gate();
    let signal: AbortSignal | undefined;
    const wrapped = withPause(
      policy,
      async (_o, _p, _l, ctx) => {
        signal ??= ctx.signal;
        await release.opened;
      },
      { client: t.client },
    );
    const first = wrapped(t.object, 'ADDED');
    await vi.waitFor(() => expect(signal).toBeDefined());
    const changed = t.cluster.patch(t.ref, { type: 'merge', body: { spec: { size: 2 } } });
    const second = wrapped(changed, 'MODIFIED');
    expect(signal?.aborted).toBe(false);
    release.open();
    await Promise.all([first, second]);
  });

  it('is aborted by a DELETED event; nothing is written after', async () => {
    const t = setup();
    const release = gate();
    let signal: AbortSignal | undefined;
    const wrapped = withPause(
      policy,
      async (_o, phase, _l, ctx) => {
        if (phase === 'DELETED') return;
        signal ??= ctx.signal;
        await release.opened;
      },
      { client: t.client, metrics: t.metrics },
    );
    const first = wrapped(t.object, 'ADDED');
    await vi.waitFor(() => expect(signal).toBeDefined());
    t.cluster.delete(t.ref);
    await wrapped(t.object, 'DELETED');
    expect(signal?.aborted).toBe(true);
    release.open();
    await first;
    expect(t.cluster.writes.filter((w) => w.actor === 'pause')).toEqual([]);
    expect(t.reconciles.map((s) => s.result)).toEqual(['success', 'aborted']);
  });

  it('with pauseCheckIntervalMs, a re-read that finds the object paused aborts it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const t = setup();
    let signal: AbortSignal | undefined;
    const wrapped = withPause(
      policy,
      async (_o, _p, _l, ctx) => {
        signal ??= ctx.signal;
        await aborted(ctx.signal);
        throw ctx.signal.reason; // what a callback using fetch(…, { signal }) would see
      },
      { client: t.client, metrics: t.metrics, pauseCheckIntervalMs: 1_000 },
    );
    const call = wrapped(t.object, 'ADDED');
    await vi.waitFor(() => expect(signal).toBeDefined());
    await vi.advanceTimersByTimeAsync(1_000); // one re-read: not paused yet
    expect(signal?.aborted).toBe(false);
    t.label(); // Pepr's Reconcile queue holds this event back until the callback returns
    await vi.advanceTimersByTimeAsync(1_000);
    expect(signal?.aborted).toBe(true);
    await call; // the error the abort caused is not rethrown
    expect(pausedOf(t.cluster.get(t.ref))).toMatchObject({
      status: 'True',
      reason: 'PausedByLabel',
    });
    expect(t.reconciles.map((s) => s.result)).toEqual(['aborted']);
  });

  it('is not aborted after the callback paused the object itself', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const t = setup();
    const release = gate();
    let signal: AbortSignal | undefined;
    const wrapped = withPause(
      policy,
      async (_o, _p, _l, ctx) => {
        signal = ctx.signal;
        await ctx.selfPause({ reason: 'X', message: 'y' });
        await release.opened;
      },
      { client: t.client, metrics: t.metrics, pauseCheckIntervalMs: 1_000 },
    );
    const call = wrapped(t.object, 'ADDED');
    await vi.waitFor(() => expect(t.cluster.get(t.ref)?.metadata?.labels?.[LABEL]).toBe(OWNER));
    await vi.advanceTimersByTimeAsync(5_000);
    const next = wrapped(t.cluster.get(t.ref) as KubeObject, 'MODIFIED'); // the label's event
    expect(signal?.aborted).toBe(false);
    release.open();
    await Promise.all([call, next]);
    expect(t.reconciles.map((s) => s.result)).toEqual(['success']);
  });

  it('rethrows an error of a callback that was not aborted', async () => {
    const t = setup();
    const wrapped = withPause(
      policy,
      () => {
        throw new Error('boom');
      },
      { client: t.client, metrics: t.metrics },
    );
    await expect(wrapped(t.object, 'ADDED')).rejects.toThrow('boom');
    expect(t.reconciles.map((s) => s.result)).toEqual(['error']);
  });

  it('refuses a pauseCheckIntervalMs that is not a positive number', () => {
    const t = setup();
    expect(() =>
      withPause(policy, () => {}, { client: t.client, pauseCheckIntervalMs: 0 }),
    ).toThrow(PauseError);
  });
});
