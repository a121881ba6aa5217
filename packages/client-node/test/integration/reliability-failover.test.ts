/**
 * Reliability (issue 13): leader failover under load. The leader runs in a child process and is
 * SIGKILLed in the middle of a bulk pause (and of a burst of spec changes that keep reconciles in
 * flight); a standby replica takes over once the Lease expired and finishes the work. A log of
 * every reconcile (start, end) of every replica proves no object was reconciled by two replicas
 * at once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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
import { createPausableController, type PausableController } from '../../src/index.ts';
import { LABEL, pausedStatus, pool, report, scale } from '../reliability/support.ts';
import { kubeConfigOf, testResource } from './cluster.ts';

const NAMESPACE = 'pause-reliability-failover';
const LEASE = { leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 500 };
const WORK_MS = 300;
const cluster = connectRealCluster();
const resource = testResource('free', true);
const CHILD = fileURLToPath(new URL('./fixtures/leader-election-child.ts', import.meta.url));

/** One reconcile, by any replica (`end` undefined: the replica died during it). */
interface LogEntry {
  identity: string;
  key: string;
  start: number;
  end?: number;
  size?: number;
}

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
    const log: LogEntry[] = [];
    const leaders = new Set<string>();
    const leaderSince = new Map<string, number>();

    // 1. The leader, in a child process.
    restoreEnv = exportKubeconfig(cluster.info.kubeConfig);
    child = spawn(process.execPath, ['--conditions=dev-source', CHILD], {
      env: {
        ...process.env,
        PAUSE_LEADER_CHILD: JSON.stringify({
          identity: 'child',
          resource,
          namespace: NAMESPACE,
          labelKey: LABEL,
          leaseName,
          leaseNamespace: NAMESPACE,
          workMs: WORK_MS,
          ...LEASE,
        }),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const event = JSON.parse(line) as { type: string; key: string; start: number } & Record<
          string,
          unknown
        >;
        if (event.type === 'leader') {
          if (event.leading) leaders.add('child');
          else leaders.delete('child');
        } else if (event.type === 'start') {
          log.push({ identity: 'child', key: event.key, start: event.start });
        } else if (event.type === 'reconcile') {
          const entry = log.find(
            (e) => e.identity === 'child' && e.key === event.key && e.start === event.start,
          );
          if (entry) entry.end = event.end as number;
        }
      }
    });
    await waitFor('the child replica leading', () => leaders.has('child'), 60_000);
    await waitFor(
      'every object reconciled by the child',
      () =>
        allKeys.every((key) => log.some((e) => e.identity === 'child' && e.key === key && e.end)),
      60_000,
    );

    // 2. Two standby replicas in this process.
    const replica = (identity: string) =>
      createPausableController({
        kubeConfig: kubeConfigOf(cluster.info.kubeConfig),
        resource,
        pause: { labelKey: LABEL },
        namespace: NAMESPACE,
        leaderElection: { identity, leaseName, leaseNamespace: NAMESPACE, ...LEASE },
        metrics: {
          onLeaderChange: (leading) => {
            if (leading) {
              leaders.add(identity);
              leaderSince.set(identity, Date.now());
            } else leaders.delete(identity);
          },
        },
        reconcile: async (object, { key, signal }) => {
          const size = Number((object.spec as { size?: number } | undefined)?.size);
          const entry: LogEntry = { identity, key, start: Date.now(), size };
          log.push(entry);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, WORK_MS);
            signal.addEventListener('abort', () => {
              clearTimeout(timer);
              resolve();
            });
          });
          entry.end = Date.now();
        },
      });
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
