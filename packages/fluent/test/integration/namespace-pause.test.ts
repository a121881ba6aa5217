import { randomBytes } from 'node:crypto';
import type { Condition, KubeObject } from '@pause/core';
import { refOf } from '@pause/core/adapter';
import { eventually, kubeRequest } from '@pause/kube-harness';
import {
  connectRealCluster,
  createTestObjects,
  exportKubeconfig,
  type TestObjects,
} from '@pause/real-cluster';
import type { GenericKind } from 'kubernetes-fluent-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PausedReconcile, withPause } from '../../src/index.ts';
import { kfcKind, WIDGET } from './resources.ts';

const cluster = connectRealCluster();
const LABEL = 'fluent.pause.test/paused';
const NS_LABEL = 'fluent.pause.test/namespace-paused';
const REASON = 'fluent.pause.test/reason';
const namespace = `fluent-ns-pause-${randomBytes(3).toString('hex')}`;
let objects: TestObjects;
let wrapped: PausedReconcile<GenericKind> | undefined;
let restoreKubeconfig: (() => void) | undefined;

function pausedOf(object: KubeObject | undefined): Condition | undefined {
  return (object?.status as { conditions?: Condition[] } | undefined)?.conditions?.find(
    (c) => c.type === 'Paused',
  );
}

/** Acts as the user: merge-patches the Namespace's labels and annotations. */
async function patchNamespace(metadata: {
  labels?: Record<string, string | null>;
  annotations?: Record<string, string | null>;
}) {
  const response = await kubeRequest(cluster.endpoint, {
    method: 'PATCH',
    path: `/api/v1/namespaces/${namespace}`,
    body: { metadata },
    contentType: 'application/merge-patch+json',
  });
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  restoreKubeconfig = exportKubeconfig(cluster.info.kubeConfig); // kfc reads KUBECONFIG only
  objects = await createTestObjects({ cluster, resource: WIDGET, namespace });
});

afterAll(async () => {
  await wrapped?.dispose();
  await objects?.cleanup();
  restoreKubeconfig?.();
});

describe('withPause: namespace pause (namespaceLabelKey) on the real API server', () => {
  it('the Namespace label pauses and resumes the objects seen, without an event on them, within namespaceCacheMs', async () => {
    const reconciled: string[] = [];
    wrapped = withPause<GenericKind>(
      { labelKey: LABEL, namespaceLabelKey: NS_LABEL, reasonAnnotation: REASON },
      async (widget) => {
        reconciled.push(String(widget.metadata?.name));
      },
      { kind: kfcKind(WIDGET), namespaceCacheMs: 200 },
    );
    const refs = [];
    for (let i = 0; i < 3; i++) refs.push(refOf(await objects.createObject()));
    for (const ref of refs) await wrapped((await objects.getObject(ref)) as GenericKind, 'ADDED');
    expect(reconciled).toHaveLength(3);

    await patchNamespace({ labels: { [NS_LABEL]: 'ops' }, annotations: { [REASON]: 'migrating' } });
    for (const ref of refs) {
      const paused = await eventually('PausedByNamespace on every object', async () => {
        const condition = pausedOf(await objects.getObject(ref));
        return condition?.reason === 'PausedByNamespace' ? condition : undefined;
      });
      expect(paused.message).toContain(`namespace "${namespace}": migrating`);
    }
    const reconciledBefore = reconciled.length;
    // An event while the Namespace is paused: the callback is skipped.
    await wrapped(
      (await objects.getObject(refs[0] as (typeof refs)[number])) as GenericKind,
      'MODIFIED',
    );
    expect(reconciled).toHaveLength(reconciledBefore);

    await patchNamespace({ labels: { [NS_LABEL]: null }, annotations: { [REASON]: null } });
    for (const ref of refs) {
      await eventually('Paused removed from every object', async () =>
        pausedOf(await objects.getObject(ref)) === undefined ? true : undefined,
      );
    }
    const reasons = (await objects.listEvents(refs[1] as (typeof refs)[number])).map(
      (e) => e.reason,
    );
    expect(reasons).toEqual(['PausedByNamespace', 'Resumed']);
    await wrapped.dispose();
    wrapped = undefined;
  });
});
