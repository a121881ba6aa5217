import { randomBytes } from 'node:crypto';
import type { Condition, KubeObject, PauseOutcome } from '@pause/core';
import { type PauseOutcomeSample, type ReconcileSample, refOf } from '@pause/core/adapter';
import { eventually } from '@pause/kube-harness';
import {
  type AdapterProxy,
  connectRealCluster,
  createTestObjects,
  type TestObjects,
} from '@pause/real-cluster';
import type { GenericKind } from 'kubernetes-fluent-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PausedReconcile, type PauseMetricsHooks, withPause } from '../../src/index.ts';
import { driveLikePepr } from './pepr-driver.ts';
import { kfcKind, WIDGET } from './resources.ts';

const cluster = connectRealCluster();
const LABEL = 'fluent.pause.test/paused';
const OWNER = 'widgets-operator';
const namespace = `fluent-context-${randomBytes(3).toString('hex')}`;
const widgetKind = kfcKind(WIDGET);
let proxy: AdapterProxy;
let objects: TestObjects;
const wrappers: PausedReconcile<GenericKind>[] = [];

function pausedOf(object: KubeObject | undefined): Condition | undefined {
  return (object?.status as { conditions?: Condition[] } | undefined)?.conditions?.find(
    (c) => c.type === 'Paused',
  );
}

/** Resolves when `signal` is aborted; then throws its reason, as `fetch(…, { signal })` does. */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(signal.reason);
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail);
  });
}

/** `withPause` for the test widgets; disposed after all tests. */
function wrap(...args: Parameters<typeof withPause<GenericKind>>): PausedReconcile<GenericKind> {
  const wrapped = withPause<GenericKind>(...args);
  wrappers.push(wrapped);
  return wrapped;
}

const recorder = () => {
  const outcomes: PauseOutcomeSample[] = [];
  const reconciles: ReconcileSample[] = [];
  const metrics: PauseMetricsHooks = {
    onOutcome: (sample) => outcomes.push(sample),
    onReconcile: (sample) => reconciles.push(sample),
  };
  return { outcomes, reconciles, metrics };
};

beforeAll(async () => {
  proxy = await cluster.startFaultProxy();
  proxy.exportKubeconfig(); // kubernetes-fluent-client (and so Pepr) reads KUBECONFIG only
  objects = await createTestObjects({ cluster, resource: WIDGET, namespace });
});

afterAll(async () => {
  for (const wrapped of wrappers) await wrapped.dispose();
  await objects?.cleanup();
  await proxy?.close();
});

describe('the context of the wrapped callback, on the real API server', () => {
  it('selfPause writes the label (value = ownerId) and Paused=True, reason PausedByController', async () => {
    const outcomes: PauseOutcome<GenericKind>[] = [];
    const wrapped = wrap(
      { labelKey: LABEL, ownerId: OWNER },
      async (_widget, _phase, _log, { selfPause }) => {
        outcomes.push(
          await selfPause({ reason: 'QuotaExceeded', message: 'raise the quota, then unlabel' }),
        );
      },
      { kind: widgetKind, events: { component: 'context-test' } },
    );
    const ref = refOf(await objects.createObject());
    await wrapped((await objects.getObject(ref)) as GenericKind, 'ADDED');
    expect(outcomes.map((o) => o.action)).toEqual(['stop']);

    const stored = await objects.getObject(ref);
    expect(stored?.metadata?.labels?.[LABEL]).toBe(OWNER);
    expect(pausedOf(stored)).toMatchObject({
      status: 'True',
      reason: 'PausedByController',
      message: expect.stringContaining('QuotaExceeded: raise the quota, then unlabel'),
    });
    expect((await objects.listEvents(ref)).map((e) => e.reason)).toEqual(['PausedByController']);

    // The label's watch event: the object is paused now, the callback is not run again.
    await wrapped(stored as GenericKind, 'MODIFIED');
    expect(outcomes).toHaveLength(1);
  });

  it('in a Pepr Reconcile binding, a reconcile is aborted when its object is labelled mid-run (pauseCheckIntervalMs), then Paused=True is written', async () => {
    process.env.PEPR_WATCH_MODE = 'true'; // Pepr registers Reconcile bindings only in watch mode
    process.env.LOG_LEVEL ??= 'warn';
    const { Capability, a } = await import('pepr');
    const capability = new Capability({ name: 'slow-widgets', description: 'aborts, with pause' });
    const { outcomes, reconciles, metrics } = recorder();
    const started: string[] = [];
    const reasons: unknown[] = [];
    const wrapped = wrap(
      { labelKey: LABEL },
      async (widget, _phase, _log, { signal }) => {
        started.push(String(widget.metadata?.name));
        try {
          await untilAborted(signal); // a long reconcile that honours its signal
        } catch (reason) {
          reasons.push(reason);
          throw reason;
        }
      },
      { kind: widgetKind, pauseCheckIntervalMs: 100, metrics },
    );
    capability
      .When(a.GenericKind, widgetKind)
      .IsCreatedOrUpdated()
      .InNamespace(namespace)
      .Reconcile(wrapped);
    const driver = driveLikePepr(capability, widgetKind, namespace);
    await driver.started;
    try {
      const ref = refOf(await objects.createObject());
      await eventually('the reconcile started', async () =>
        started.includes(ref.name) ? true : undefined,
      );
      // Pepr's queue holds this label's MODIFIED event until the callback returns: only the
      // wrapper's re-read can see it while the reconcile runs.
      await objects.patchMetadata(ref, { labels: { [LABEL]: 'maintenance' } });
      await eventually('the reconcile was aborted', async () =>
        reconciles.length > 0 ? true : undefined,
      );
      expect(reconciles.map((s) => s.result)).toEqual(['aborted']);
      expect(String((reasons[0] as Error).message)).toMatch(/was paused while its reconcile/);
      const paused = await eventually('Paused=True', async () => {
        const condition = pausedOf(await objects.getObject(ref));
        return condition?.status === 'True' ? condition : undefined;
      });
      expect(paused.reason).toBe('PausedByLabel');
      expect(outcomes.map((s) => s.transitions)).toContainEqual(['Paused']);
      expect((await objects.listEvents(ref)).map((e) => e.reason)).toEqual(['Paused']);
      expect(started.filter((name) => name === ref.name)).toHaveLength(1); // not run while paused
      expect(driver.errors).toEqual([]); // the error the abort caused does not reach Pepr
    } finally {
      driver.watcher.close();
    }
  });

  it('a watch event that pauses the object aborts the running reconcile at once (a Watch binding, no queue)', async () => {
    const { reconciles, metrics } = recorder();
    let signal: AbortSignal | undefined;
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const wrapped = wrap(
      { labelKey: LABEL },
      async (_widget, _phase, _log, context) => {
        signal ??= context.signal;
        await released;
      },
      { kind: widgetKind, metrics },
    );
    const ref = refOf(await objects.createObject());
    const running = wrapped((await objects.getObject(ref)) as GenericKind, 'ADDED');
    await eventually('the reconcile started', async () => signal);
    const labelled = await objects.patchMetadata(ref, { labels: { [LABEL]: 'maintenance' } });
    const next = wrapped(labelled as GenericKind, 'MODIFIED'); // what the watch delivers
    expect(signal?.aborted).toBe(true);
    release();
    await Promise.all([running, next]);
    expect(reconciles.map((s) => s.result)).toEqual(['aborted']);
    expect(pausedOf(await objects.getObject(ref))).toMatchObject({
      status: 'True',
      reason: 'PausedByLabel',
    });
  });

  it('reports metrics: transitions Paused then Resumed, and the reconcile results', async () => {
    const { outcomes, reconciles, metrics } = recorder();
    const wrapped = wrap({ labelKey: LABEL }, () => {}, { kind: widgetKind, metrics });
    const created = await objects.createObject();
    const ref = refOf(created);
    await wrapped(created as GenericKind, 'ADDED');
    const labelled = await objects.patchMetadata(ref, { labels: { [LABEL]: 'maintenance' } });
    await wrapped(labelled as GenericKind, 'MODIFIED');
    const since = pausedOf(await objects.getObject(ref))?.lastTransitionTime;
    const unlabelled = await objects.patchMetadata(ref, { labels: { [LABEL]: null } });
    await wrapped(unlabelled as GenericKind, 'MODIFIED');

    const uid = created.metadata?.uid;
    expect(outcomes.map(({ key, action, transitions }) => ({ key, action, transitions }))).toEqual([
      { key: uid, action: 'continue', transitions: [] },
      { key: uid, action: 'stop', transitions: ['Paused'] },
      { key: uid, action: 'continue', transitions: ['Resumed'] },
    ]);
    expect(outcomes[1]?.pausedSinceMs).toBe(Date.parse(String(since)));
    expect(reconciles.map(({ key, result }) => ({ key, result }))).toEqual([
      { key: uid, result: 'success' },
      { key: uid, result: 'success' },
    ]);
  });
});
