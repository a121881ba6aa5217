import { randomBytes } from 'node:crypto';
import type { Condition, KubeObject } from '@pause/core';
import {
  type AdapterProxy,
  connectRealCluster,
  createTestObjects,
  type TestObjects,
} from '@pause/real-cluster';
import { GenericKind, K8s, RegisterKind } from 'kubernetes-fluent-client';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createPauseGate, type FluentPauseGate, PauseApiError } from '../../src/index.ts';
import { kfcKind, WIDGET } from './resources.ts';

/** A typed model, registered the kfc way: the gate's object type is inferred from it. */
class GatedWidget extends GenericKind {
  declare spec?: { size?: number };
}
RegisterKind(GatedWidget, kfcKind(WIDGET));

const cluster = connectRealCluster();
const LABEL = 'fluent.pause.test/paused';
const namespace = `fluent-gate-${randomBytes(3).toString('hex')}`;
let proxy: AdapterProxy;
let objects: TestObjects;
// Built before KUBECONFIG points anywhere: nothing is read until the first call.
const gate = createPauseGate({
  pause: { labelKey: LABEL, ownerId: 'gate-test' },
  model: GatedWidget,
  events: { component: 'gate-test' },
});

function pausedOf(object: KubeObject | undefined): Condition | undefined {
  return (object?.status as { conditions?: Condition[] } | undefined)?.conditions?.find(
    (c) => c.type === 'Paused',
  );
}

/** What the user's own loop reads: the object through kfc, typed as the model. */
function get(name: string): Promise<GatedWidget> {
  return K8s(GatedWidget).InNamespace(namespace).Get(name);
}

beforeAll(async () => {
  proxy = await cluster.startFaultProxy();
  proxy.exportKubeconfig();
  objects = await createTestObjects({ cluster, resource: WIDGET, namespace });
});

afterAll(async () => {
  await gate.close();
  await objects?.cleanup();
  await proxy?.close();
});

describe('createPauseGate: one call to start, for a controller with its own loop', () => {
  it("is typed by the model: run() takes kfc's objects and gives them back, no casts", () => {
    expectTypeOf(gate).toEqualTypeOf<FluentPauseGate<GatedWidget>>();
    expectTypeOf(gate.run).parameter(0).toEqualTypeOf<GatedWidget>();
  });

  it('continue for an unlabelled object; stop, with the condition and an Event, when labelled; continue again after unlabel', async () => {
    const { name } = (await objects.createObject()).metadata ?? {};
    const first = await gate.run(await get(String(name)));
    expect(first.action).toBe('continue');
    if (first.action === 'continue') {
      expectTypeOf(first.object).toEqualTypeOf<GatedWidget>();
      expect(first.object.spec?.size).toBe(1);
    }

    const ref = {
      apiVersion: 'fluent.pause.test/v1',
      kind: 'Widget',
      name: String(name),
      namespace,
    };
    await objects.patchMetadata(ref, { labels: { [LABEL]: 'maintenance' } });
    const paused = await gate.run(await get(String(name)));
    expect(paused.action).toBe('stop');
    expect(pausedOf(await objects.getObject(ref))).toMatchObject({ status: 'True' });
    expect(pausedOf(await get(String(name)))?.reason).toBe('PausedByLabel');

    await objects.patchMetadata(ref, { labels: { [LABEL]: null } });
    const resumed = await gate.run(await get(String(name)));
    expect(resumed.action).toBe('continue');
    expect(pausedOf(resumed.action === 'continue' ? resumed.object : undefined)).toBeUndefined();
    expect((await objects.listEvents(ref)).map((e) => e.reason)).toEqual(['Paused', 'Resumed']);
  });

  it('selfPause: the label first, then the condition', async () => {
    const created = await objects.createObject();
    const name = String(created.metadata?.name);
    const outcome = await gate.selfPause(await get(name), {
      reason: 'DatabaseUnreachable',
      message: 'the database did not answer; remove the label to retry',
    });
    expect(outcome.action).toBe('stop');
    const stored = await get(name);
    expect(stored.metadata?.labels?.[LABEL]).toBe('gate-test');
    expect(pausedOf(stored)?.reason).toBe('PausedByController');
  });

  it('requeue with a typed error: retryable for a 503, not for a 403; gone for a deleted object', async () => {
    const created = await objects.createObject({ labels: { [LABEL]: '' } });
    const name = String(created.metadata?.name);
    const statusWrite = (request: { method: string; path: string }) =>
      request.method === 'PATCH' && request.path.endsWith('/status');
    try {
      proxy.failNext(statusWrite, { kind: 'status', statusCode: 503, retryAfterSeconds: 2 }, 1);
      const throttled = await gate.run(await get(name));
      expect(throttled.action).toBe('requeue');
      if (throttled.action === 'requeue') {
        expect(PauseApiError.isInstance(throttled.error)).toBe(true);
        expect(throttled.error).toMatchObject({ retryable: true, statusCode: 503 });
        expect(throttled.retryAfterMs).toBe(2_000);
      }
      proxy.failNext(statusWrite, { kind: 'status', statusCode: 403 }, 1);
      const forbidden = await gate.run(await get(name));
      expect(forbidden.action === 'requeue' && forbidden.error).toMatchObject({
        kind: 'forbidden',
        retryable: false,
      });
    } finally {
      proxy.clear();
    }
    const stale = await get(name);
    await objects.deleteObject({
      apiVersion: 'fluent.pause.test/v1',
      kind: 'Widget',
      name,
      namespace,
    });
    expect((await gate.run(stale)).action).toBe('gone');
  });

  it('made every call through one pool', () => {
    const stats = gate.client.connection.stats();
    console.info(`[gate] pool after the gate tests: ${JSON.stringify(stats)}`);
    expect(stats.requests).toBeGreaterThanOrEqual(8); // writes, Events and the 503/403/404 answers
    expect(stats.connectionsOpened).toBeLessThanOrEqual(2);
  });
});
