import { randomBytes } from 'node:crypto';
import type { KubeObject } from '@pause/core';
import { refOf } from '@pause/core/adapter';
import { eventually } from '@pause/kube-harness';
import {
  type AdapterProxy,
  connectRealCluster,
  createConformanceHarness,
} from '@pause/real-cluster';
import type { GenericKind } from 'kubernetes-fluent-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PausedReconcile, withPause } from '../../src/index.ts';
import { driveLikePepr } from './pepr-driver.ts';
import { kfcKind, WIDGET } from './resources.ts';

const cluster = connectRealCluster();
const LABEL = 'fluent.pause.test/paused';
const namespace = `fluent-pepr-${randomBytes(3).toString('hex')}`;
const widgetKind = kfcKind(WIDGET);

interface Call {
  name: string;
  phase: string;
  labelled: boolean;
  generation: number | undefined;
}

let proxy: AdapterProxy;
let capability: import('pepr').Capability;
let paused: PausedReconcile<GenericKind>;
const calls: Call[] = [];

/**
 * Builds a real Pepr capability the way a module does. Pepr registers `Reconcile` bindings only
 * in watch mode (read from the environment when pepr is first imported), so pepr is imported
 * after setting it.
 */
async function buildCapability() {
  process.env.PEPR_WATCH_MODE = 'true';
  process.env.LOG_LEVEL ??= 'warn';
  const { Capability, a } = await import('pepr');
  const widgets = new Capability({
    name: 'widgets',
    description: 'reconciles widgets, with pause',
  });
  const { When } = widgets;
  paused = withPause(
    { labelKey: LABEL },
    async (widget, phase) => {
      calls.push({
        name: String(widget.metadata?.name),
        phase,
        labelled: widget.metadata?.labels?.[LABEL] !== undefined,
        generation: widget.metadata?.generation,
      });
    },
    { kind: widgetKind, events: { component: 'widgets-capability' } },
  );
  When(a.GenericKind, widgetKind).IsCreatedOrUpdated().InNamespace(namespace).Reconcile(paused);
  return widgets;
}

beforeAll(async () => {
  proxy = await cluster.startFaultProxy();
  proxy.exportKubeconfig(); // kubernetes-fluent-client (and so Pepr) reads KUBECONFIG only
  capability = await buildCapability();
});

afterAll(async () => {
  await paused?.dispose();
  await proxy?.close();
});

describe('a Pepr capability with withPause, driven by real watch events', () => {
  it('registers one Reconcile binding for the widget kind', () => {
    const reconciles = capability.bindings.filter((b) => b.isQueue);
    expect(reconciles).toHaveLength(1);
    expect(reconciles[0]?.kind).toMatchObject(widgetKind);
  });

  it('skips paused objects, keeps the condition, records events, resumes on unlabel', async () => {
    const client = (await import('../../src/index.ts')).createFluentPauseClient({
      kind: widgetKind,
    });
    const harness = await createConformanceHarness({
      cluster,
      resource: WIDGET,
      namespace,
      client,
    });
    const driver = driveLikePepr(capability, widgetKind, namespace);
    await driver.started;
    try {
      const ref = refOf(await harness.createObject());
      const { name } = ref;
      await eventually('first reconcile', async () =>
        calls.some((c) => c.name === name) ? true : undefined,
      );

      await harness.patchMetadata(ref, { labels: { [LABEL]: 'maintenance' } });
      const pausedObject = await eventually('Paused=True', async () => {
        const stored = await harness.getObject(ref);
        const conditions = (
          stored?.status as { conditions?: Array<{ type: string; status: string }> }
        )?.conditions;
        return conditions?.some((c) => c.type === 'Paused' && c.status === 'True')
          ? stored
          : undefined;
      });
      // While paused, a spec change reaches the capability but not the reconcile.
      await harness.patchSpec(ref, { size: 2 });
      await eventually('the spec change was seen', async () => {
        const stored = await harness.getObject(ref);
        return (stored?.metadata?.resourceVersion ?? '') !== pausedObject.metadata?.resourceVersion
          ? true
          : undefined;
      });
      await harness.patchMetadata(ref, { labels: { [LABEL]: null } });
      await eventually('reconcile after resume', async () =>
        calls.some((c) => c.name === name && (c.generation ?? 0) >= 2) ? true : undefined,
      );
      const stored = (await harness.getObject(ref)) as KubeObject;
      const mine = calls.filter((c) => c.name === name);
      expect(mine.every((c) => !c.labelled)).toBe(true);
      expect(
        (stored.status as { conditions?: Array<{ type: string }> }).conditions?.map(
          (c) => c.type,
        ) ?? [],
      ).not.toContain('Paused');
      const events = await harness.listEvents(ref);
      expect(events.map((e) => e.reason)).toEqual(['Paused', 'Resumed']);
      expect(driver.errors).toEqual([]);
      await harness.cleanup();
    } finally {
      driver.watcher.close();
      await client.close();
    }
  });

  it('retries a failed status write with backoff (Pepr does not), then gives up by throwing', async () => {
    const client = (await import('../../src/index.ts')).createFluentPauseClient({
      kind: widgetKind,
    });
    const harness = await createConformanceHarness({
      cluster,
      resource: WIDGET,
      namespace,
      client,
    });
    const statusWrite = (request: { method: string; path: string }) =>
      request.method === 'PATCH' && request.path.endsWith('/status');
    const driver = driveLikePepr(capability, widgetKind, namespace);
    await driver.started;
    try {
      // Two 503s, then the write goes through: the object ends up paused, nothing is thrown.
      proxy.failNext(statusWrite, { kind: 'status', statusCode: 503 }, 2);
      const firstRef = refOf(await harness.createObject({ labels: { [LABEL]: '' } }));
      await eventually('Paused=True after retries', async () => {
        const stored = await harness.getObject(firstRef);
        const conditions = (stored?.status as { conditions?: Array<{ type: string }> })?.conditions;
        return conditions?.some((c) => c.type === 'Paused') ? true : undefined;
      });
      expect(driver.errors).toEqual([]);

      // 403 is permanent: no retry, the PauseApiError reaches Pepr, the reconcile never runs.
      proxy.failNext(statusWrite, { kind: 'status', statusCode: 403 }, 1);
      const second = await harness.createObject({ labels: { [LABEL]: '' } });
      const secondName = String(second.metadata?.name);
      await eventually('the 403 reached Pepr', async () =>
        driver.errors.length > 0 ? true : undefined,
      );
      expect(driver.errors[0]).toMatchObject({
        name: 'PauseApiError',
        kind: 'forbidden',
        statusCode: 403,
      });
      expect(calls.filter((c) => c.name === secondName || c.name === firstRef.name)).toEqual([]);
      await harness.cleanup();
    } finally {
      proxy.clear();
      driver.watcher.close();
      await client.close();
    }
  });
});
