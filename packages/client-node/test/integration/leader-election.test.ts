import type { ChildProcess } from 'node:child_process';
import type { KubeObject, ObjectRef } from '@pause/core';
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
import { testResource } from './cluster.ts';
import { type ReplicaSetup, replicas, spawnLeaderChild, standbyReplica } from './replicas.ts';

const LABEL = 'pause.test/paused';
const NAMESPACE = 'pause-leader-election';
const LEASE = { leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 500 };
const WORK_MS = 100;
const cluster = connectRealCluster();
const resource = testResource('free', true);

function pausedCondition(object: KubeObject | undefined) {
  const list = (object?.status as { conditions?: Array<{ type: string; status: string }> })
    ?.conditions;
  return list?.find((entry) => entry.type === 'Paused');
}

describe('leader election on a coordination.k8s.io/v1 Lease, against a real kube-apiserver', () => {
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

  it('one replica leads; takeover after a release within one retry period, after a crash only after the lease duration; no object reconciled twice at once', async () => {
    objects = await createTestObjects({ cluster, resource, namespace: NAMESPACE });
    const h = objects;
    const [r0, r1, r2, r3] = await Promise.all(
      [1, 2, 3, 4].map(async () => refOf(await h.createObject())),
    );
    const refs = [r0, r1, r2, r3] as [ObjectRef, ObjectRef, ObjectRef, ObjectRef];
    const keys = refs.map((ref) => `${ref.namespace}/${ref.name}`);
    const leaseName = `widgets-${Date.now()}`;
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

    // 1. A replica in a child process acquires the (new) Lease.
    restoreEnv = exportKubeconfig(cluster.info.kubeConfig);
    child = spawnLeaderChild(setup, shared);
    await waitFor('the child replica leading', () => leaders.has('child'));
    await waitFor('every object reconciled by the child', () =>
      keys.every((key) => log.some((e) => e.identity === 'child' && e.key === key && e.end)),
    );

    // 2. Two standby replicas in this process: they watch, but do not reconcile.
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
    await h.patchMetadata(refs[0], { labels: { [LABEL]: 'maintenance' } }); // seen by the child
    await waitFor('Paused=True on the first object', async () =>
      pausedCondition(await h.getObject(refs[0])),
    );
    await new Promise((resolve) => setTimeout(resolve, LEASE.leaseDurationMs));
    expect([a.isLeader, b.isLeader]).toEqual([false, false]); // the child still renews
    expect(log.filter((e) => e.identity !== 'child')).toEqual([]);

    // 3. The child dies without releasing: a standby takes over only once the Lease expired.
    const killedAt = Date.now();
    child.kill('SIGKILL');
    leaders.delete('child');
    await h.patchMetadata(refs[1], { labels: { [LABEL]: 'during-takeover' } });
    const first = await waitFor('a standby leading', () =>
      a.isLeader ? a : b.isLeader ? b : false,
    );
    const crashTakeoverMs = (leaderSince.get(first === a ? 'a' : 'b') as number) - killedAt;
    console.log(`takeover after SIGKILL of the leader: ${crashTakeoverMs} ms`);
    // The child renewed at most one retry period before it was killed.
    expect(crashTakeoverMs).toBeGreaterThanOrEqual(
      LEASE.leaseDurationMs - LEASE.retryPeriodMs - 100,
    );
    expect(crashTakeoverMs).toBeLessThan(LEASE.leaseDurationMs + 5 * LEASE.retryPeriodMs);
    await waitFor('Paused=True on the second object', async () =>
      pausedCondition(await h.getObject(refs[1])),
    );
    await h.patchMetadata(refs[0], { labels: { [LABEL]: null } }); // resume
    await waitFor('the first object resumed', async () =>
      pausedCondition(await h.getObject(refs[0])) ? undefined : true,
    );

    // 4. The new leader stops and releases: the other takes over within about a retry period.
    const second = first === a ? b : a;
    const stoppingAt = Date.now(); // stop() waits for in-flight reconciles, then releases
    await first.stop();
    await waitFor('the other standby leading', () => second.isLeader);
    const releaseTakeoverMs = (leaderSince.get(second === a ? 'a' : 'b') as number) - stoppingAt;
    console.log(`takeover after a released lease: ${releaseTakeoverMs} ms`);
    expect(releaseTakeoverMs).toBeLessThan(2_000);
    await h.patchMetadata(refs[2], { labels: { [LABEL]: 'after-release' } });
    await waitFor('Paused=True on the third object', async () =>
      pausedCondition(await h.getObject(refs[2])),
    );
    await second.idle();
    clearInterval(sampler);

    // Every label change is reflected; one leader at a time; no overlapping reconciles.
    const final = await Promise.all(refs.map((ref) => h.getObject(ref)));
    expect(final.map((object) => pausedCondition(object)?.status)).toEqual([
      undefined,
      'True',
      'True',
      undefined,
    ]);
    expect(mostLeaders).toBe(1);
    const lease = await second.client.connection.send<{ spec: Record<string, unknown> }>({
      method: 'GET',
      path: `/apis/coordination.k8s.io/v1/namespaces/${NAMESPACE}/leases/${leaseName}`,
      operation: 'get the lease',
    });
    // Created by the child (0), taken after the crash (1), after the release (2).
    expect(lease.spec).toMatchObject({
      holderIdentity: second === a ? 'a' : 'b',
      leaseDurationSeconds: 3,
      leaseTransitions: 2,
    });
    const identities = new Set(log.map((e) => e.identity));
    expect(identities.has('child') && identities.size).toBe(3); // child, then a and b
    for (const key of keys) {
      const entries = log.filter((e) => e.key === key);
      for (const x of entries) {
        for (const y of entries) {
          if (x.identity === y.identity) continue;
          const xEnd = x.end ?? killedAt;
          const yEnd = y.end ?? killedAt;
          expect(xEnd <= y.start || yEnd <= x.start, `${key}: ${JSON.stringify([x, y])}`).toBe(
            true,
          );
        }
      }
    }
  });
});
