import { randomBytes } from 'node:crypto';
import type { KubeObject, ObjectRef } from '@pause/core';
import { refOf } from '@pause/core/adapter';
import { kubeRequest } from '@pause/kube-harness';
import {
  connectRealCluster,
  createTestObjects,
  type TestObjects,
  type TestResource,
  waitFor,
} from '@pause/real-cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPausableController, type PausableController } from '../../src/index.ts';
import { kubeConfigOf } from './cluster.ts';

const LABEL = 'pause.test/paused';
const NS_LABEL = 'pause.test/namespace-paused';
const REASON = 'pause.test/reason';
const cluster = connectRealCluster();
/** A resource of its own: no other test file's controllers reconcile these objects. */
const resource: TestResource = {
  group: 'clientnode.pause.test',
  version: 'v1',
  kind: 'TenantWidget',
  plural: 'tenantwidgets',
  namespaced: true,
  conditions: 'free',
};
const suffix = randomBytes(3).toString('hex');
const tenantA = `tenant-a-${suffix}`;
const tenantB = `tenant-b-${suffix}`;

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}
const pausedOf = (object: KubeObject | undefined) =>
  (object?.status as { conditions?: Condition[] } | undefined)?.conditions?.find(
    (entry) => entry.type === 'Paused',
  );

async function patchNamespace(name: string, metadata: object) {
  const response = await kubeRequest(cluster.endpoint, {
    method: 'PATCH',
    path: `/api/v1/namespaces/${name}`,
    body: { metadata },
    contentType: 'application/merge-patch+json',
  });
  if (response.status !== 200) throw new Error(`patch namespace ${name}: ${response.text}`);
}

describe('namespace pause: the label on a Namespace pauses the objects in it (createPausableController)', () => {
  let a: TestObjects;
  let b: TestObjects;
  let controller: PausableController;
  const reconciled: string[] = [];

  beforeAll(async () => {
    a = await createTestObjects({ cluster, resource, namespace: tenantA });
    b = await createTestObjects({ cluster, resource, namespace: tenantB });
  });

  afterAll(async () => {
    await controller?.stop();
    await patchNamespace(tenantA, { labels: { [NS_LABEL]: null } }).catch(() => undefined);
    await a?.cleanup();
    await b?.cleanup();
  });

  it('pauses every object of a labelled Namespace (PausedByNamespace), not the others; resumes them; an own label wins', async () => {
    const inA: ObjectRef[] = [];
    for (let i = 0; i < 4; i++) inA.push(refOf(await a.createObject()));
    const labelled = refOf(await a.createObject({ labels: { [LABEL]: 'alice' } }));
    const inB = refOf(await b.createObject());
    // Paused before the controller starts: its first passes must already see it.
    await patchNamespace(tenantA, {
      labels: { [NS_LABEL]: 'ops' },
      annotations: { [REASON]: 'migrating tenant a' },
    });
    controller = createPausableController({
      kubeConfig: kubeConfigOf(cluster.info.kubeConfig),
      resource,
      pause: { labelKey: LABEL, namespaceLabelKey: NS_LABEL, reasonAnnotation: REASON },
      backoff: { baseMs: 20, maxMs: 500 },
      reconcile: async (_object, { key }) => {
        reconciled.push(key);
      },
    });
    await controller.start();
    for (const ref of inA) {
      const paused = await waitFor(`${ref.name} PausedByNamespace`, async () => {
        const condition = pausedOf(await a.getObject(ref));
        return condition?.reason === 'PausedByNamespace' ? condition : undefined;
      });
      expect(paused.message).toContain(`namespace "${tenantA}": migrating tenant a`);
    }
    await waitFor('the object in tenant b reconciled', async () =>
      reconciled.includes(`${tenantB}/${inB.name}`) ? true : undefined,
    );
    await controller.idle();
    expect(pausedOf(await b.getObject(inB))).toBeUndefined();
    expect(pausedOf(await a.getObject(labelled))?.reason).toBe('PausedByLabel');
    expect(reconciled.filter((key) => key.startsWith(`${tenantA}/`))).toEqual([]);

    await patchNamespace(tenantA, {
      labels: { [NS_LABEL]: null },
      annotations: { [REASON]: null },
    });
    for (const ref of inA) {
      await waitFor(`${ref.name} resumed`, async () =>
        pausedOf(await a.getObject(ref)) === undefined ? true : undefined,
      );
    }
    await waitFor('the objects of tenant a reconciled', async () =>
      inA.every((ref) => reconciled.includes(`${tenantA}/${ref.name}`)) ? true : undefined,
    );
    // Its own label keeps it paused after the Namespace resumed.
    await controller.idle();
    expect(pausedOf(await a.getObject(labelled))?.reason).toBe('PausedByLabel');
    expect(reconciled).not.toContain(`${tenantA}/${labelled.name}`);
    const events = await a.listEvents(inA[0] as ObjectRef);
    expect(events.map((event) => event.reason)).toEqual(['PausedByNamespace', 'Resumed']);
  });
});
