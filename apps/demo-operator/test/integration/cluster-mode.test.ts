import {
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import type { PausableController } from '@pause/client-node';
import type { Condition } from '@pause/core';
import type {} from '@pause/kube-harness/vitest-global-setup';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startWidgetOperator } from '../../src/cluster-mode.ts';
import { PAUSE_LABEL, REASON_ANNOTATION } from '../../src/pause-policy.ts';
import { WIDGET } from '../../src/widget.ts';
import { ensureNamespace, ensureWidgetCrd } from './widget-cluster.ts';

const kube = inject('kube');
if (!kube.available) throw new Error(kube.reason);

const NS = 'demo-operator-it';
const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

describe('the demo operator against a real kube-apiserver', () => {
  const kc = new KubeConfig();
  kc.loadFromOptions(kube.kubeConfig);
  const objects = kc.makeApiClient(CustomObjectsApi);
  let operator: PausableController;
  const logs: Array<Record<string, unknown>> = [];

  const get = async (name: string) =>
    (await objects.getNamespacedCustomObject({
      group: WIDGET.group,
      version: WIDGET.version,
      namespace: NS,
      plural: WIDGET.plural,
      name,
    })) as { metadata: { labels?: Record<string, string> }; status?: { conditions?: Condition[] } };
  const patch = (name: string, body: object) =>
    objects.patchNamespacedCustomObject(
      {
        group: WIDGET.group,
        version: WIDGET.version,
        namespace: NS,
        plural: WIDGET.plural,
        name,
        body,
      },
      merge,
    );
  const condition = async (name: string, type: string) =>
    (await get(name)).status?.conditions?.find((c) => c.type === type);
  const eventually = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
    for (let i = 0; i < 200; i++) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  beforeAll(async () => {
    await ensureWidgetCrd(kc);
    await ensureNamespace(kc, NS);
    operator = await startWidgetOperator({
      kubeConfig: kc,
      namespace: NS,
      ownerId: 'widget-operator-it',
      log: (e) => logs.push(e),
    });
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('reconciles, pauses by label with a reason, self-pauses, and resumes', async () => {
    await objects.createNamespacedCustomObject({
      group: WIDGET.group,
      version: WIDGET.version,
      namespace: NS,
      plural: WIDGET.plural,
      body: {
        apiVersion: WIDGET.apiVersion,
        kind: WIDGET.kind,
        metadata: { name: 'hello' },
        spec: { replicas: 3 },
      },
    });
    await eventually('Ready for 3 replicas', async () =>
      (await condition('hello', 'Ready'))?.message.startsWith('3 replica') ? true : undefined,
    );

    await patch('hello', {
      metadata: {
        labels: { [PAUSE_LABEL]: 'alice' },
        annotations: { [REASON_ANNOTATION]: 'incident 4711' },
      },
    });
    const paused = await eventually('Paused=True', () => condition('hello', 'Paused'));
    expect(paused).toMatchObject({ status: 'True', reason: 'PausedByLabel' });
    expect(paused.message).toContain('incident 4711');

    await patch('hello', { spec: { replicas: 5 } });
    await new Promise((r) => setTimeout(r, 500));
    expect((await condition('hello', 'Ready'))?.message).toMatch(/^3 replica/);

    await patch('hello', {
      metadata: { labels: { [PAUSE_LABEL]: null }, annotations: { [REASON_ANNOTATION]: null } },
    });
    await eventually('Ready for 5 replicas', async () =>
      (await condition('hello', 'Ready'))?.message.startsWith('5 replica') ? true : undefined,
    );
    expect(await condition('hello', 'Paused')).toBeUndefined();

    await patch('hello', { spec: { replicas: 50 } });
    const selfPaused = await eventually('self-pause', async () => {
      const c = await condition('hello', 'Paused');
      return c?.reason === 'PausedByController' ? c : undefined;
    });
    expect(selfPaused.message).toContain('TooManyReplicas');
    expect((await get('hello')).metadata.labels?.[PAUSE_LABEL]).toBe('widget-operator-it');

    await patch('hello', { spec: { replicas: 8 }, metadata: { labels: { [PAUSE_LABEL]: null } } });
    await eventually('Ready for 8 replicas', async () =>
      (await condition('hello', 'Ready'))?.message.startsWith('8 replica') ? true : undefined,
    );
    expect(await condition('hello', 'Paused')).toBeUndefined();
    expect(logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});
