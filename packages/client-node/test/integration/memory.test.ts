import type { Condition, KubeObject } from '@pause/core';
import { refOf } from '@pause/core/adapter';
import {
  connectRealCluster,
  createConformanceHarness,
  type RealClusterHarness,
} from '@pause/real-cluster';
import { afterAll, describe, expect, it } from 'vitest';
import { type ClientNodePauseClient, createClientNodePauseClient } from '../../src/index.ts';
import { kubeConfigOf, NAMESPACE, testResource } from './cluster.ts';

const WRITES = 10_000;
const SAMPLE_EVERY = 1_000;
const MB = 1024 * 1024;
const cluster = connectRealCluster();

function collect(): { heapMb: number; rssMb: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (vitest.integration.config.ts sets it)');
  gc();
  gc();
  const usage = process.memoryUsage();
  return { heapMb: usage.heapUsed / MB, rssMb: usage.rss / MB };
}

describe('memory and connections across 10,000 status writes', () => {
  let harness: RealClusterHarness<ClientNodePauseClient> | undefined;
  afterAll(async () => {
    await harness?.cleanup();
  });

  it('keeps the heap flat and uses a handful of connections', async () => {
    const resource = testResource('free', true);
    const client = createClientNodePauseClient({
      kubeConfig: kubeConfigOf(cluster.info.kubeConfig),
      resource,
      statusStrategy: 'json-patch',
      fieldManager: 'pause-test-controller',
      reportingComponent: 'pause.test/client-node',
    });
    harness = await createConformanceHarness({
      cluster,
      resource,
      namespace: NAMESPACE,
      client,
      closeOnCleanup: [client],
    });
    const ref = refOf(await harness.createObject());
    let current = (await harness.client.read(ref)) as KubeObject;
    const samples: Array<{ writes: number; heapMb: number; rssMb: number }> = [];
    for (let i = 1; i <= WRITES; i++) {
      const condition: Condition = {
        type: 'Paused',
        status: i % 2 === 0 ? 'True' : 'False',
        reason: 'MemoryTest',
        message: `write ${i}`,
        lastTransitionTime: '2026-01-01T00:00:00Z',
      };
      current = await harness.client.writeCondition(ref, current, { op: 'set', condition });
      if (i % SAMPLE_EVERY === 0) samples.push({ writes: i, ...collect() });
    }
    console.table(
      samples.map((s) => ({ ...s, heapMb: s.heapMb.toFixed(1), rssMb: s.rssMb.toFixed(1) })),
    );
    const warm = samples[0] as (typeof samples)[number];
    const last = samples.at(-1) as (typeof samples)[number];
    expect(last.heapMb - warm.heapMb).toBeLessThan(30);
    expect(last.rssMb - warm.rssMb).toBeLessThan(60);
    const { connectionsOpened } = harness.client.connection.stats();
    console.log(`connections opened for ${WRITES} writes: ${connectionsOpened}`);
    expect(connectionsOpened).toBeLessThanOrEqual(4);
  });
});
