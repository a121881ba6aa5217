import { randomBytes } from 'node:crypto';
import type { KubeObject } from '@pause/core';
import { GenericKind, K8s } from 'kubernetes-fluent-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFluentPauseClient, type FluentPauseClient } from '../../src/index.ts';
import { type AdapterCluster, startAdapterCluster } from './adapter-cluster.ts';
import { API_VERSION, ensureCrd, ensureNamespace, GROUP, VERSION, WIDGET } from './crds.ts';
import { createFluentHarness } from './harness.ts';

const kube = inject('kube');
if (!kube.available) throw new Error(kube.reason);

const WRITES = 500;
const KFC_CALLS = 100;
const namespace = `fluent-pool-${randomBytes(3).toString('hex')}`;
const widgetKind = { group: GROUP, version: VERSION, kind: WIDGET.kind, plural: WIDGET.plural };
let cluster: AdapterCluster;
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
  cluster = await startAdapterCluster(kube);
  await ensureCrd(cluster.endpoint, WIDGET);
  await ensureNamespace(cluster.endpoint, namespace);
  client = createFluentPauseClient({ kind: widgetKind });
});

afterAll(async () => {
  await client?.close();
  await cluster?.close();
});

describe('connection reuse of the guarded status write', () => {
  it(`${WRITES} guarded status writes reuse a few pooled connections; kfc calls open one each`, async () => {
    const harness = createFluentHarness({
      endpoint: cluster.endpoint,
      resource: WIDGET,
      namespace,
      client,
    });
    let object: KubeObject = await harness.createObject({ status: { conditions: [] } });
    const ref = {
      apiVersion: API_VERSION,
      kind: WIDGET.kind,
      name: String(object.metadata?.name),
      namespace,
    };
    const before = cluster.proxy.stats().connections;
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
    const ourConnections = cluster.proxy.stats().connections - before;
    const rssAfter = process.memoryUsage().rss;

    const kfcBefore = cluster.proxy.stats().connections;
    const theirs: number[] = [];
    for (let i = 0; i < KFC_CALLS; i++) {
      const started = performance.now();
      await K8s(GenericKind, { kindOverride: widgetKind }).InNamespace(namespace).Get(ref.name);
      theirs.push(performance.now() - started);
    }
    const kfcConnections = cluster.proxy.stats().connections - kfcBefore;

    console.info(
      [
        `[connection reuse] ${WRITES} RV-guarded JSON Patch /status writes (sequential): ${figures(ours)}; ` +
          `TLS connections opened: ${ourConnections} (pool stats: ${JSON.stringify(client.connection.stats())}); ` +
          `RSS ${(rssBefore / 2 ** 20).toFixed(0)} -> ${(rssAfter / 2 ** 20).toFixed(0)} MB`,
        `[connection reuse] ${KFC_CALLS} kfc K8s(...).Get calls: ${figures(theirs)}; TLS connections opened: ${kfcConnections}`,
      ].join('\n'),
    );
    // A handful at most (an idle pooled connection may be closed by the server and reopened),
    // independent of the number of writes; kfc opens one per call.
    expect(ourConnections).toBeLessThanOrEqual(3);
    expect(client.connection.stats().connectionsOpened).toBe(ourConnections);
    expect(kfcConnections).toBeGreaterThanOrEqual(KFC_CALLS / 2);
    await harness.cleanup();
  }, 120_000);
});
