import { createPausePolicy, type KubeObject, type ObjectRef } from '@pause/core';
import { refOf } from '@pause/core/adapter';
import { kubeRequest } from '@pause/kube-harness';
import {
  connectRealCluster,
  createTestObjects,
  type TestObjects,
  type TestResource,
  waitFor,
} from '@pause/real-cluster';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPausableController,
  type PausableController,
  type PausableControllerOptions,
} from '../../src/index.ts';
import { kubeConfigOf } from './cluster.ts';

const PAUSE_LABEL = 'pause.test/paused';
const SHARD_LABEL = 'sharding.pause.test/shard';
const policy = createPausePolicy({ labelKey: PAUSE_LABEL });
const cluster = connectRealCluster();
/** A resource of its own: no other test file's objects (or controllers) share it. */
const resource: TestResource = {
  group: 'clientnode.pause.test',
  version: 'v1',
  kind: 'ShardedWidget',
  plural: 'shardedwidgets',
  namespaced: true,
  conditions: 'free',
};

/** One reconcile: which shard ran it, on which key, and the shard label the object carried. */
interface Handled {
  shard: string;
  key: string;
  label: string | undefined;
  size: number;
}

interface Condition {
  type: string;
  status: string;
}

function pausedCondition(object: KubeObject | undefined): Condition | undefined {
  const list = (object?.status as { conditions?: Condition[] } | undefined)?.conditions;
  return list?.find((entry) => entry.type === 'Paused');
}

const keyOf = (ref: ObjectRef) => `${ref.namespace}/${ref.name}`;
const managerOf = (shard: string) => `pause-shard-${shard}`;

/** The `managedFields` managers of the object as stored. */
function managersOf(object: KubeObject | undefined): string[] {
  const fields = (object?.metadata as { managedFields?: Array<{ manager?: string }> } | undefined)
    ?.managedFields;
  return (fields ?? []).map((entry) => entry.manager ?? '');
}

/** The managers of the object that are shards of these tests. */
const shardManagersOf = (object: KubeObject | undefined) =>
  managersOf(object).filter((manager) => manager.startsWith('pause-shard-'));

interface RawEvent {
  reason?: string;
  reportingComponent?: string;
  reportingInstance?: string;
}

/** The core/v1 Events about the object, with who reported them, straight from the server. */
async function eventsOf(ref: ObjectRef): Promise<RawEvent[]> {
  const selector = encodeURIComponent(
    `involvedObject.name=${ref.name},involvedObject.kind=${ref.kind}`,
  );
  const response = await kubeRequest<{ items: RawEvent[] }>(cluster.endpoint, {
    path: `/api/v1/namespaces/${ref.namespace}/events?fieldSelector=${selector}`,
  });
  if (response.status !== 200) throw new Error(`events of ${ref.name}: HTTP ${response.status}`);
  return response.body.items;
}

describe('sharding: controllers of one resource split by label selector or by namespaces', () => {
  const controllers: PausableController[] = [];
  const objectSets: TestObjects[] = [];
  const handled: Handled[] = [];

  afterEach(async () => {
    for (const controller of controllers.splice(0)) await controller.stop();
    for (const objects of objectSets.splice(0)) await objects.cleanup();
    handled.length = 0;
  });

  async function objectsIn(namespace: string): Promise<TestObjects> {
    const objects = await createTestObjects({ cluster, resource, namespace });
    objectSets.push(objects);
    return objects;
  }

  /** A started shard: its own fieldManager and Event reporter, recording what it reconciles. */
  async function startShard(
    shard: string,
    scope: Pick<PausableControllerOptions, 'labelSelector' | 'namespaces'>,
  ): Promise<PausableController> {
    const controller = createPausableController({
      kubeConfig: kubeConfigOf(cluster.info.kubeConfig),
      resource,
      pause: policy,
      ...scope,
      fieldManager: managerOf(shard),
      reportingInstance: `shard-${shard}`,
      backoff: { baseMs: 20, maxMs: 500 },
      reconcile: async (object, { key }) => {
        handled.push({
          shard,
          key,
          label: object.metadata?.labels?.[SHARD_LABEL],
          size: Number((object.spec as { size?: number } | undefined)?.size),
        });
      },
    });
    controllers.push(controller);
    await controller.start();
    return controller;
  }

  const handledBy = (shard: string, ref: ObjectRef, minSize = 1) =>
    handled.some(
      (entry) => entry.shard === shard && entry.key === keyOf(ref) && entry.size >= minSize,
    );

  /** Pauses the object, checks its shard wrote the condition and Event, resumes it, checks again. */
  async function pauseAndResume(
    objects: TestObjects,
    ref: ObjectRef,
    shard: string,
    other: string,
  ) {
    await objects.patchMetadata(ref, { labels: { [PAUSE_LABEL]: 'maintenance' } });
    const paused = await waitFor(`${ref.name} paused by shard ${shard}`, async () => {
      const object = await objects.getObject(ref);
      return pausedCondition(object)?.status === 'True' ? object : undefined;
    });
    expect(managersOf(paused)).toContain(managerOf(shard));
    expect(managersOf(paused)).not.toContain(managerOf(other));
    await objects.patchMetadata(ref, { labels: { [PAUSE_LABEL]: null } });
    await waitFor(`${ref.name} resumed by shard ${shard}`, async () => {
      const object = await objects.getObject(ref);
      return object && pausedCondition(object) === undefined;
    });
    const events = await waitFor(`the Resumed Event of ${ref.name}`, async () => {
      const list = await eventsOf(ref);
      return list.some((event) => event.reason === 'Resumed') ? list : undefined;
    });
    expect(events.map((event) => event.reason)).toEqual(
      expect.arrayContaining(['Paused', 'Resumed']),
    );
    for (const event of events) {
      expect(event.reportingInstance).toBe(`shard-${shard}`);
      expect(event.reportingComponent).toBe(managerOf(shard));
    }
  }

  /** No object was ever written by another shard's field manager. */
  async function expectOnlyOwnManagers(objects: TestObjects, refs: ObjectRef[], shard: string) {
    const others = ['a', 'b', 'na', 'nb'].filter((name) => name !== shard).map(managerOf);
    for (const ref of refs) {
      const managers = managersOf(await objects.getObject(ref));
      for (const other of others) expect(managers, `${ref.name}`).not.toContain(other);
    }
  }

  it('splits objects by a shard label, and a relabelled object is handed over', async () => {
    const objects = await objectsIn('pause-shard-labels');
    const a1 = refOf(await objects.createObject({ labels: { [SHARD_LABEL]: 'a' } }));
    const a2 = refOf(await objects.createObject({ labels: { [SHARD_LABEL]: 'a' } }));
    const b1 = refOf(await objects.createObject({ labels: { [SHARD_LABEL]: 'b' } }));
    const b2 = refOf(await objects.createObject({ labels: { [SHARD_LABEL]: 'b' } }));
    const unlabelled = refOf(await objects.createObject());
    const shardA = await startShard('a', { labelSelector: `${SHARD_LABEL}=a` });
    await startShard('b', { labelSelector: `${SHARD_LABEL}=b` });

    for (const [shard, ref] of [
      ['a', a1],
      ['a', a2],
      ['b', b1],
      ['b', b2],
    ] as const) {
      await waitFor(`${ref.name} reconciled by shard ${shard}`, () => handledBy(shard, ref));
    }
    await pauseAndResume(objects, a1, 'a', 'b');
    await pauseAndResume(objects, b1, 'b', 'a');

    // Hand-over: a2 moves to shard b. Shard a's watch reports it deleted (it no longer matches
    // a's selector): a forgets it; b's watch reports it added: b reconciles it.
    await objects.patchMetadata(a2, { labels: { [SHARD_LABEL]: 'b' } });
    await waitFor('a2 taken over by shard b', () => handledBy('b', a2));
    await waitFor('a2 forgotten by shard a', () =>
      shardA.informer?.informer.get(a2.name, a2.namespace) === undefined ? true : undefined,
    );
    await objects.patchSpec(a2, { size: 2 });
    await waitFor('the change of a2 reconciled by shard b', () => handledBy('b', a2, 2));
    await pauseAndResume(objects, a2, 'b', 'a');
    expect(handledBy('a', a2, 2)).toBe(false);
    await controllersIdle();

    // Every reconcile ran in the shard whose label the object carried, and none saw `unlabelled`.
    expect(handled.filter((entry) => entry.label !== entry.shard)).toEqual([]);
    expect(handled.filter((entry) => entry.key === keyOf(unlabelled))).toEqual([]);
    expect(handled.filter((entry) => entry.key === keyOf(b1) || entry.key === keyOf(b2))).toEqual(
      handled.filter((entry) => entry.shard === 'b' && entry.key !== keyOf(a2)),
    );
    await expectOnlyOwnManagers(objects, [a1], 'a');
    await expectOnlyOwnManagers(objects, [b1, b2, a2], 'b');
    expect(shardManagersOf(await objects.getObject(unlabelled))).toEqual([]);
    expect(await eventsOf(unlabelled)).toEqual([]);
  });

  it('splits objects by namespaces: one informer per namespace, one work queue', async () => {
    const [inA1, inA2, inB, elsewhere] = await Promise.all(
      ['pause-shard-a1', 'pause-shard-a2', 'pause-shard-b', 'pause-shard-none'].map(objectsIn),
    );
    if (!inA1 || !inA2 || !inB || !elsewhere) throw new Error('namespaces not prepared');
    const x1 = refOf(await inA1.createObject());
    const x2 = refOf(await inA2.createObject());
    const y = refOf(await inB.createObject());
    const outside = refOf(await elsewhere.createObject());
    const shardA = await startShard('na', { namespaces: ['pause-shard-a1', 'pause-shard-a2'] });
    const shardB = await startShard('nb', { namespaces: ['pause-shard-b'] });
    expect(shardA.informers).toHaveLength(2);
    expect(shardB.informers).toHaveLength(1);
    expect(shardB.informer).toBe(shardB.informers[0]);

    await waitFor('x1 reconciled by shard na', () => handledBy('na', x1));
    await waitFor('x2 reconciled by shard na', () => handledBy('na', x2));
    await waitFor('y reconciled by shard nb', () => handledBy('nb', y));
    await pauseAndResume(inA1, x1, 'na', 'nb');
    await pauseAndResume(inA2, x2, 'na', 'nb');
    await pauseAndResume(inB, y, 'nb', 'na');
    // An object created after the start, in the second namespace of shard na.
    const x3 = refOf(await inA2.createObject());
    await waitFor('x3 reconciled by shard na', () => handledBy('na', x3));
    await controllersIdle();

    const namespaceOf = (key: string) => key.split('/')[0];
    expect(
      handled.filter(
        (entry) =>
          !(
            entry.shard === 'na' ? ['pause-shard-a1', 'pause-shard-a2'] : ['pause-shard-b']
          ).includes(namespaceOf(entry.key) ?? ''),
      ),
    ).toEqual([]);
    expect(handled.filter((entry) => entry.key === keyOf(outside))).toEqual([]);
    await expectOnlyOwnManagers(inA1, [x1], 'na');
    await expectOnlyOwnManagers(inA2, [x2, x3], 'na');
    await expectOnlyOwnManagers(inB, [y], 'nb');
    expect(shardManagersOf(await elsewhere.getObject(outside))).toEqual([]);
    expect(await eventsOf(outside)).toEqual([]);
  });

  async function controllersIdle() {
    await Promise.all(controllers.map((controller) => controller.idle()));
  }
});
