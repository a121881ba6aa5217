/**
 * Reliability (issue 13): the API server is SIGKILLed by PID while the controller runs and
 * started again on the same port and etcd; etcd is SIGKILLed and restarted under a running API
 * server. Labels are changed right after the server is back (before the controller's watches
 * have reconnected) and during a bulk pause: every change must be reflected, none lost.
 *
 * These scenarios kill servers, so they start their OWN harness (not the shared one).
 */
import type { KubeObject, ObjectRef } from '@pause/core';
import { refOf } from '@pause/core/adapter';
import { harnessInfo, type KubeHarness, start } from '@pause/kube-harness';
import {
  connectRealCluster,
  createTestObjects,
  type TestObjects,
  waitFor,
} from '@pause/real-cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPausableController, type PausableController } from '../../src/index.ts';
import {
  LABEL,
  labelled,
  persistently,
  pool,
  report,
  scale,
  settled,
  sleep,
} from '../reliability/support.ts';
import { kubeConfigOf, testResource } from './cluster.ts';

const NAMESPACE = 'pause-reliability-restart';
const resource = testResource('free', true);
/** Generous: the machine has 2 cores shared with other test runs. */
const CONVERGE_MS = 120_000;

describe('reliability: API server and etcd killed and restarted under a running controller', () => {
  let harness: KubeHarness | undefined;
  let objects: TestObjects | undefined;
  let controller: PausableController | undefined;
  const errors: unknown[] = [];
  let informerRestarts = 0;

  beforeAll(async () => {
    harness = await start({ ignoreExternal: true });
    const cluster = connectRealCluster(harnessInfo(harness));
    objects = await createTestObjects({ cluster, resource, namespace: NAMESPACE });
    controller = createPausableController({
      kubeConfig: kubeConfigOf(harness.kubeConfig),
      resource,
      pause: { labelKey: LABEL },
      namespace: NAMESPACE,
      backoff: { baseMs: 50, maxMs: 2_000 },
      onError: (_key, error) => errors.push(error),
      metrics: { onInformerRestart: () => informerRestarts++ },
      reconcile: async () => undefined,
    });
    await controller.start();
  }, 180_000);

  afterAll(async () => {
    await controller?.stop();
    await harness?.stop(); // its objects go with its etcd
  }, 120_000);

  /** Objects created and seen by the controller (no condition yet). */
  async function freshObjects(count: number): Promise<ObjectRef[]> {
    const h = objects as TestObjects;
    const refs: ObjectRef[] = [];
    await pool(Array.from({ length: count }), 5, async () => {
      refs.push(refOf(await h.createObject()));
    });
    return refs;
  }

  /** Waits until every object shows what its label says; returns seconds taken. */
  async function converge(refs: readonly ObjectRef[], what: string): Promise<number> {
    const h = objects as TestObjects;
    const t0 = performance.now();
    const pending = new Set(refs);
    await waitFor(
      what,
      async () => {
        for (const ref of [...pending]) {
          const object = await h.getObject(ref).catch(() => undefined);
          if (object && settled(object)) pending.delete(ref);
        }
        return pending.size === 0;
      },
      CONVERGE_MS,
    );
    return (performance.now() - t0) / 1000;
  }

  async function setLabel(ref: ObjectRef, on: boolean): Promise<KubeObject> {
    const h = objects as TestObjects;
    const { value } = await persistently(`label ${ref.name}`, () =>
      h.patchMetadata(ref, { labels: { [LABEL]: on ? 'maintenance' : null } }),
    );
    return value;
  }

  it('API server SIGKILL: label changes made right after the restart are all reflected', async () => {
    const h = harness as KubeHarness;
    const count = scale(10, 50);
    const refs = await freshObjects(count);
    // Half of them paused before the crash.
    await Promise.all(refs.map((ref, i) => (i % 2 === 0 ? setLabel(ref, true) : undefined)));
    await converge(refs, 'the pre-crash state');

    const restartsBefore = informerRestarts;
    const killedAt = performance.now();
    await h.killApiServer();
    await h.restartApiServer();
    const downSeconds = (performance.now() - killedAt) / 1000;
    // At once: flip every label (paused → resumed, active → paused), before the watches
    // come back.
    const changedAt = performance.now();
    await pool(refs, 10, async (ref) => {
      const i = refs.indexOf(ref);
      await setLabel(ref, i % 2 !== 0);
    });
    const changeSeconds = (performance.now() - changedAt) / 1000;
    const restartsAtChange = informerRestarts - restartsBefore;
    const seconds = await converge(refs, 'every change after the API server restart');
    const final = await Promise.all(refs.map((ref) => (objects as TestObjects).getObject(ref)));
    expect(final.every((object) => settled(object))).toBe(true);
    expect(final.filter((object) => labelled(object))).toHaveLength(count / 2);
    report('apiserver-sigkill', {
      objects: count,
      apiServerDownSeconds: +downSeconds.toFixed(2),
      labelWritesSeconds: +changeSeconds.toFixed(2),
      informerRestartsBeforeChangesDone: restartsAtChange,
      convergeSecondsAfterChanges: +seconds.toFixed(2),
      informerRestartsTotal: informerRestarts - restartsBefore,
    });
  });

  it('API server SIGKILL in the middle of a bulk pause: every object ends up paused, then resumes', async () => {
    const h = harness as KubeHarness;
    const count = scale(20, 100);
    const refs = await freshObjects(count);
    await converge(refs, 'the new objects');
    let done = 0;
    let crash: Promise<void> | undefined;
    let userRetries = 0;
    const t0 = performance.now();
    await pool(refs, 4, async (ref) => {
      const { failures } = await persistently(`bulk label ${ref.name}`, () =>
        (objects as TestObjects).patchMetadata(ref, { labels: { [LABEL]: 'bulk' } }),
      );
      userRetries += failures;
      done++;
      if (done === Math.floor(count / 3) && !crash) {
        crash = (async () => {
          await h.killApiServer();
          await h.restartApiServer();
        })();
      }
    });
    await crash;
    const bulkSeconds = (performance.now() - t0) / 1000;
    const pauseSeconds = await converge(refs, 'every object of the bulk pause paused');
    // And the bulk resume afterwards.
    await pool(refs, 4, async (ref) => {
      await setLabel(ref, false);
    });
    const resumeSeconds = await converge(refs, 'every object resumed');
    report('apiserver-sigkill-mid-bulk', {
      objects: count,
      killedAfterLabels: Math.floor(count / 3),
      userWriteRetriesDuringOutage: userRetries,
      bulkLabelSeconds: +bulkSeconds.toFixed(2),
      convergeSecondsAfterBulk: +pauseSeconds.toFixed(2),
      resumeConvergeSeconds: +resumeSeconds.toFixed(2),
    });
  });

  it('etcd SIGKILL under the API server: changes made while it is down and after it is back are all reflected', async () => {
    const h = harness as KubeHarness;
    const count = scale(10, 50);
    const refs = await freshObjects(count);
    await converge(refs, 'the new objects');
    const errorsBefore = errors.length;
    const killedAt = performance.now();
    await h.killEtcd();
    // The user labels while etcd is down (the writes fail or hang and are retried) ...
    const changedAt = performance.now();
    let userRetries = 0;
    const writes = pool(refs, 10, async (ref) => {
      const i = refs.indexOf(ref);
      const { failures } = await persistently(`label ${ref.name}`, () =>
        (objects as TestObjects).patchMetadata(ref, { labels: { [LABEL]: i % 3 ? 'x' : null } }),
      );
      userRetries += failures;
    });
    await sleep(3_000); // ... and the API server runs without its storage for a while.
    await h.restartEtcd();
    const etcdDownSeconds = (performance.now() - killedAt) / 1000;
    await writes;
    const changeSeconds = (performance.now() - changedAt) / 1000;
    const seconds = await converge(refs, 'every change after the etcd restart');
    // Then once more, the other way round.
    await pool(refs, 10, async (ref) => {
      const i = refs.indexOf(ref);
      await setLabel(ref, i % 3 === 0);
    });
    const secondSeconds = await converge(refs, 'the second round after the etcd restart');
    report('etcd-sigkill', {
      objects: count,
      etcdDownSeconds: +etcdDownSeconds.toFixed(2),
      userWriteRetries: userRetries,
      labelWritesSeconds: +changeSeconds.toFixed(2),
      convergeSecondsAfterChanges: +seconds.toFixed(2),
      secondRoundConvergeSeconds: +secondSeconds.toFixed(2),
      controllerErrorsReported: errors.length - errorsBefore,
    });
  });
});
