/**
 * Reliability (issue 13): leader failover under load. The leader runs in a child process and is
 * SIGKILLed in the middle of a bulk pause (and of a burst of spec changes that keep reconciles in
 * flight); a standby replica takes over once the Lease expired and finishes the work. A log of
 * every reconcile (start, end) of every replica proves no object was reconciled by two replicas
 * at once.
 */
import type { ChildProcess } from 'node:child_process';
import type { ObjectRef } from '@pause/core';
import { refOf } from '@pause/core/adapter';
import {
  connectRealCluster,
  createTestObjects,
  exportKubeconfig,
  type TestObjects,
  waitFor,
} from '@pause/real-cluster';
import { afterAll, describe, expect, it } from 'vitest';
import type { PausableController } from '../../src/index.ts';
import { LABEL, pausedStatus, pool, report, scale } from '../reliability/support.ts';
import { testResource } from './cluster.ts';
import { type ReplicaSetup, replicas, spawnLeaderChild, standbyReplica } from './replicas.ts';

const NAMESPACE = 'pause-reliability-failover';
const LEASE = { leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 500 };
const WORK_MS = 300;
const cluster = connectRealCluster();
const resource = testResource('free', true);

describe('reliability: leader SIGKILLed in the middle of a bulk pause', () => {
  let objects: TestObjects | undefined;
  let child: ChildProcess | undefined;
  let restoreEnv: (() => void) | undefined;
  const controllers: PausableController[] = [];

  afterAll(async () => {
    child?.kill('SIGKILL');
    for (const controller of controllers) await controller.stop();
    restoreEnv?.();
    await objects?.cleanup();
  });

  it('the successor finishes the bulk pause and the spec changes; no object reconciled by two replicas at once', async () => {
    const count = scale(16, 60);
    objects = await createTestObjects({ cluster, resource, namespace: NAMESPACE });
    const h = objects;
    const toPause: ObjectRef[] = [];
    const toChange: ObjectRef[] = [];
    await pool(Array.from({ length: count }), 6, async (_, i) => {
      (i % 2 ? toChange : toPause).push(refOf(await h.createObject()));
    });
    const keyOf = (ref: ObjectRef) => `${ref.namespace}/${ref.name}`;
    const allKeys = [...toPause, ...toChange].map(keyOf);
    const leaseName = `reliability-${Date.now()}`;
    const shared = replicas();
    const { log, leaders, leaderSince } = shared;
    const setup: ReplicaSetup = {
      resource,
      namespace: NAMESPACE,
      labelKey: LABEL,
      leaseName,
      lease: LEASE,
      workMs: WORK_MS,
    };

    // 1. The leader, in a child process.
    restoreEnv = exportKubeconfig(cluster.info.kubeConfig);
    child = spawnLeaderChild(setup, shared);
    await waitFor('the child replica leading', () => leaders.has('child'), 60_000);
    await waitFor(
      'every object reconciled by the child',
      () =>
        allKeys.every((key) => log.some((e) => e.identity === 'child' && e.key === key && e.end)),
      60_000,
    );

    // 2. Two standby replicas in this process.
    const replica = (identity: string) =>
      standbyReplica(identity, cluster.info.kubeConfig, setup, shared);
    const a = replica('a');
    const b = replica('b');
    controllers.push(a, b);
    await Promise.all([a.start(), b.start()]);
    let mostLeaders = 0;
    const sampler = setInterval(() => {
      mostLeaders = Math.max(mostLeaders, leaders.size);
    }, 10);

    // 3. The bulk: pause half, change the spec of the other half; kill the leader a third in.
    const ops = [
      ...toPause.map((ref) => () => h.patchMetadata(ref, { labels: { [LABEL]: 'bulk' } })),
      ...toChange.map((ref) => () => h.patchSpec(ref, { size: 2 })),
    ].sort(() => Math.random() - 0.5);
    let done = 0;
    let killedAt = 0;
    const bulkStart = Date.now();
    await pool(ops, 3, async (op) => {
      await op();
      done++;
      if (done === Math.floor(ops.length / 3) && !killedAt) {
        // Kill it in the middle of a reconcile when one comes (the others go on meanwhile).
        await waitFor(
          'a reconcile in flight in the leader',
          () => log.some((e) => e.identity === 'child' && !e.end && e.start >= bulkStart),
          10_000,
        ).catch(() => undefined);
        killedAt = Date.now();
        child?.kill('SIGKILL');
        leaders.delete('child');
      }
    });
    const successor = await waitFor(
      'a standby leading',
      () => (a.isLeader ? 'a' : b.isLeader ? 'b' : false),
      60_000,
    );
    const takeoverMs = (leaderSince.get(successor) as number) - killedAt;
    // Not before the Lease expired (the child renewed at most one retry period before).
    expect(takeoverMs).toBeGreaterThanOrEqual(LEASE.leaseDurationMs - LEASE.retryPeriodMs - 100);

    // 4. The successor finishes: every pause written, every spec change reconciled.
    await waitFor(
      'every object of the bulk paused',
      async () => {
        const states = await Promise.all(toPause.map((ref) => h.getObject(ref)));
        return states.every((object) => pausedStatus(object) === 'True');
      },
      120_000,
    );
    await waitFor(
      'every spec change reconciled by a standby',
      () =>
        toChange.every((ref) =>
          log.some((e) => e.identity !== 'child' && e.key === keyOf(ref) && e.size === 2 && e.end),
        ),
      120_000,
    );
    const finishedSeconds = (Date.now() - killedAt) / 1000;
    await (successor === 'a' ? a : b).idle();
    clearInterval(sampler);

    // One leader at a time (the child counted until it was killed).
    expect(mostLeaders).toBe(1);
    // No overlap between the reconciles of two replicas on the same object.
    let pairs = 0;
    for (const key of allKeys) {
      const entries = log.filter((e) => e.key === key);
      for (const x of entries) {
        for (const y of entries) {
          if (x.identity >= y.identity) continue;
          pairs++;
          const xEnd = x.end ?? killedAt;
          const yEnd = y.end ?? killedAt;
          expect(xEnd <= y.start || yEnd <= x.start, `${key}: ${JSON.stringify([x, y])}`).toBe(
            true,
          );
        }
      }
    }
    const childUnfinished = log.filter((e) => e.identity === 'child' && e.end === undefined);
    report('leader-failover-mid-bulk', {
      objects: count,
      opsBeforeKill: Math.floor(ops.length / 3),
      takeoverMsAfterSigkill: takeoverMs,
      leaseDurationMs: LEASE.leaseDurationMs,
      secondsFromKillToAllDone: +finishedSeconds.toFixed(2),
      reconciles: log.length,
      reconcilesCutByTheKill: childUnfinished.length,
      crossReplicaPairsChecked: pairs,
    });
  });
});
