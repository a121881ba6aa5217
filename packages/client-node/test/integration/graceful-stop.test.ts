import { CoordinationV1Api } from '@kubernetes/client-node';
import { objectKey, refOf } from '@pause/core/adapter';
import {
  connectRealCluster,
  createTestObjects,
  type TestObjects,
  waitFor,
} from '@pause/real-cluster';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPausableController, type PausableController } from '../../src/index.ts';
import { kubeConfigOf, testResource } from './cluster.ts';

const LABEL = 'pause.test/paused';
const NAMESPACE = 'pause-graceful-stop';
const LEASE = { leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 500 };
const cluster = connectRealCluster();
const resource = testResource('free', true);
const leases = kubeConfigOf(cluster.info.kubeConfig).makeApiClient(CoordinationV1Api);

const holderOf = async (name: string) =>
  (await leases.readNamespacedLease({ name, namespace: NAMESPACE })).spec?.holderIdentity ?? '';

describe('stop({ timeoutMs }) against a real kube-apiserver', () => {
  let objects: TestObjects | undefined;
  let controller: PausableController | undefined;
  const releases: Array<() => void> = [];

  afterEach(async () => {
    for (const release of releases.splice(0)) release();
    await controller?.stop();
    controller = undefined;
  });
  afterAll(async () => {
    await objects?.cleanup();
  });

  /** A leading controller whose reconcile of the one test object runs until `behave` lets it end. */
  async function startWith(
    leaseName: string,
    behave: (signal: AbortSignal) => Promise<void>,
  ): Promise<{ key: string; started: Promise<void> }> {
    objects ??= await createTestObjects({ cluster, resource, namespace: NAMESPACE });
    const ref = refOf(await objects.createObject());
    let markStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    controller = createPausableController({
      kubeConfig: kubeConfigOf(cluster.info.kubeConfig),
      resource,
      pause: { labelKey: LABEL },
      namespace: NAMESPACE,
      leaderElection: { identity: 'stopper', leaseName, leaseNamespace: NAMESPACE, ...LEASE },
      reconcile: async (object, { signal }) => {
        if (object.metadata?.name !== ref.name) return;
        markStarted();
        await behave(signal);
      },
    });
    await controller.start();
    return { key: objectKey(ref), started };
  }

  it('returns at the deadline with the key of a reconcile that ignores its signal, and releases the Lease', async () => {
    const leaseName = `stop-ignored-${Date.now()}`;
    let sawAbort = false;
    const { key, started } = await startWith(leaseName, async (signal) => {
      signal.addEventListener('abort', () => {
        sawAbort = true;
      });
      await new Promise<void>((resolve) => releases.push(resolve)); // ignores the signal
    });
    await started;
    expect(await holderOf(leaseName)).toBe('stopper');
    const timeoutMs = 500;
    const before = performance.now();
    const result = await controller?.stop({ timeoutMs });
    const tookMs = performance.now() - before;
    console.log(
      `stop({ timeoutMs: ${timeoutMs} }) with a reconcile ignoring its signal: ${Math.round(tookMs)} ms`,
    );
    expect(result).toEqual({ unfinished: [key] });
    expect(tookMs).toBeGreaterThanOrEqual(timeoutMs - 5); // it did wait for the reconcile
    expect(sawAbort).toBe(true);
    expect(controller?.state).toBe('stopped');
    expect(await holderOf(leaseName)).toBe('');
  });

  it('returns once a reconcile that honours its signal has returned, and releases the Lease', async () => {
    const leaseName = `stop-honoured-${Date.now()}`;
    let abortReason: unknown;
    const { started } = await startWith(leaseName, async (signal) => {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 600_000);
        signal.addEventListener('abort', () => {
          abortReason = signal.reason;
          clearTimeout(timer);
          resolve();
        });
      });
    });
    await started;
    await waitFor('the Lease held', async () => (await holderOf(leaseName)) === 'stopper');
    const before = performance.now();
    const result = await controller?.stop({ timeoutMs: 60_000 });
    console.log(
      `stop({ timeoutMs: 60000 }) with a reconcile honouring its signal: ${Math.round(performance.now() - before)} ms`,
    );
    expect(result).toEqual({ unfinished: [] });
    expect(String(abortReason)).toContain('the controller is stopping');
    expect(await holderOf(leaseName)).toBe('');
    // A second call gives the first call's result.
    expect(await controller?.stop()).toEqual({ unfinished: [] });
  });
});
