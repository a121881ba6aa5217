import { randomBytes } from 'node:crypto';
import type { KubeObject } from '@pause/core';
import { refOf } from '@pause/core/adapter';
import {
  type AdapterProxy,
  connectRealCluster,
  createConformanceHarness,
} from '@pause/real-cluster';
import { GenericKind, K8s } from 'kubernetes-fluent-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFluentPauseClient, type FluentPauseClient } from '../../src/index.ts';
import { kfcKind, WIDGET } from './resources.ts';

const cluster = connectRealCluster();
const WRITES = 500;
const READS = 100;
const EVENTS = 20;
const KFC_CALLS = 100;
const namespace = `fluent-pool-${randomBytes(3).toString('hex')}`;
const widgetKind = kfcKind(WIDGET);
let proxy: AdapterProxy;
let client: FluentPauseClient;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function figures(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = samples.reduce((sum, s) => sum + s, 0);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, ${((samples.length / total) * 1000).toFixed(0)}/s`;
}

beforeAll(async () => {
  proxy = await cluster.startFaultProxy();
  proxy.exportKubeconfig(); // kubernetes-fluent-client reads its cluster from KUBECONFIG only
  client = createFluentPauseClient({ kind: widgetKind });
});

afterAll(async () => {
  await client?.close();
  await proxy?.close();
});

describe('connection reuse: every port call goes through one pool', () => {
  it(`${WRITES} guarded status writes, ${READS} reads and ${EVENTS} Events reuse a few pooled connections; kfc calls open one each`, async () => {
    const harness = await createConformanceHarness({
      cluster,
      resource: WIDGET,
      namespace,
      client,
    });
    let object: KubeObject = await harness.createObject({ status: { conditions: [] } });
    const ref = refOf(object);
    const before = proxy.stats().connections;
    const rssBefore = process.memoryUsage().rss;
    const ours: number[] = [];
    for (let i = 0; i < WRITES; i++) {
      const started = performance.now();
      object = await client.writeCondition(
        ref,
        object,
        i % 2 === 0
          ? {
              op: 'set',
              condition: {
                type: 'Paused',
                status: 'True',
                reason: 'PausedByLabel',
                message: `write ${i}`,
                lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
              },
            }
          : { op: 'remove', type: 'Paused' },
      );
      ours.push(performance.now() - started);
    }
    const reads: number[] = [];
    for (let i = 0; i < READS; i++) {
      const started = performance.now();
      await client.read(ref);
      reads.push(performance.now() - started);
    }
    for (let i = 0; i < EVENTS; i++) {
      await client.recordEvent(object, { type: 'Normal', reason: 'Paused', message: `event ${i}` });
    }
    const ourConnections = proxy.stats().connections - before;
    const rssAfter = process.memoryUsage().rss;

    const kfcBefore = proxy.stats().connections;
    const theirs: number[] = [];
    for (let i = 0; i < KFC_CALLS; i++) {
      const started = performance.now();
      await K8s(GenericKind, { kindOverride: widgetKind }).InNamespace(namespace).Get(ref.name);
      theirs.push(performance.now() - started);
    }
    const kfcConnections = proxy.stats().connections - kfcBefore;

    console.info(
      [
        `[connection reuse] ${WRITES} RV-guarded JSON Patch /status writes (sequential): ${figures(ours)}; ` +
          `TLS connections opened: ${ourConnections} (pool stats: ${JSON.stringify(client.connection.stats())}); ` +
          `RSS ${(rssBefore / 2 ** 20).toFixed(0)} -> ${(rssAfter / 2 ** 20).toFixed(0)} MB`,
        `[connection reuse] ${READS} reads through the pool: ${figures(reads)}; plus ${EVENTS} Events; same connections`,
        `[connection reuse] ${KFC_CALLS} kfc K8s(...).Get calls: ${figures(theirs)}; TLS connections opened: ${kfcConnections}`,
      ].join('\n'),
    );
    // Writes, reads and Events share the pool: at most two connections (undici may take a second
    // one for a request sent right after the previous answer), independent of the number of
    // calls; kfc opens one per call.
    expect(ourConnections).toBeLessThanOrEqual(2);
    expect(client.connection.stats().requests).toBe(WRITES + READS + EVENTS);
    expect(client.connection.stats().connectionsOpened).toBe(ourConnections);
    expect(kfcConnections).toBeGreaterThanOrEqual(KFC_CALLS / 2);
    await harness.cleanup();
  }, 120_000);
});
