/**
 * Benchmark against a real kube-apiserver 1.20.2 started by @pause/kube-harness:
 * - status-patch throughput (RV-guarded JSON Patch on /status) through the adapter's
 *   `@pause/http` pool vs the same patch through client-node 2.0.1's default path
 *   (`makeApiClient`: a new undici Agent per call), with sockets opened and RSS growth;
 * - pause label -> `Paused` condition latency (p50/p99) through `createPausableController`.
 * Run: npm run bench (prints figures; asserts nothing).
 */
import {
  CustomObjectsApi,
  type KubeConfig,
  KubeConfig as KubeConfigClass,
  PatchStrategy,
  setHeaderOptions,
  Watch,
} from '@kubernetes/client-node';
import type { Condition, ConditionChange, KubeObject, ObjectRef } from '@pause/core';
import { conditionJsonPatch, refOf } from '@pause/core/adapter';
import { installCrd, start, testCrd } from '@pause/kube-harness';
import { createClientNodePauseClient, createPausableController } from '../src/index.ts';

const GROUP = 'bench.pause.test';
const RESOURCE = {
  group: GROUP,
  version: 'v1',
  plural: 'widgets',
  kind: 'Widget',
  namespaced: true,
};
const NAMESPACE = 'default';
const LABEL = 'bench.pause.test/paused';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** What the throughput rows write through: the condition write and its connection count. */
interface StatusWriter {
  writeCondition(ref: ObjectRef, base: KubeObject, change: ConditionChange): Promise<KubeObject>;
  connectionsOpened(): number;
  close(): Promise<void>;
}

/** The adapter: `createClientNodePauseClient` (one `@pause/http` keep-alive pool). */
function adapterWriter(kubeConfig: KubeConfig): StatusWriter {
  const client = createClientNodePauseClient({ kubeConfig, resource: RESOURCE });
  return {
    writeCondition: (ref, base, change) => client.writeCondition(ref, base, change),
    connectionsOpened: () => client.connection.stats().connectionsOpened,
    close: () => client.close(),
  };
}

/** client-node's own path: the same guarded JSON Patch through `makeApiClient` (an Agent per call). */
function clientNodeWriter(kubeConfig: KubeConfig): StatusWriter {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const jsonPatch = setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);
  return {
    writeCondition: (ref, base, change) =>
      api.patchNamespacedCustomObjectStatus(
        {
          group: GROUP,
          version: 'v1',
          plural: 'widgets',
          namespace: ref.namespace ?? NAMESPACE,
          name: ref.name,
          body: conditionJsonPatch(base, change),
        },
        jsonPatch,
      ),
    connectionsOpened: () => Number.NaN,
    close: async () => undefined,
  };
}

async function createObjects(kubeConfig: KubeConfig, prefix: string, count: number) {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const objects: KubeObject[] = [];
  for (let i = 0; i < count; i++) {
    objects.push(
      await api.createNamespacedCustomObject({
        group: GROUP,
        version: 'v1',
        plural: 'widgets',
        namespace: NAMESPACE,
        body: {
          apiVersion: `${GROUP}/v1`,
          kind: 'Widget',
          metadata: { name: `${prefix}-${i}` },
          spec: { size: 1 },
        },
      }),
    );
  }
  return objects;
}

async function statusThroughput(
  label: string,
  kubeConfig: KubeConfig,
  client: StatusWriter,
  writes: number,
  concurrency: number,
) {
  const objects = await createObjects(
    kubeConfig,
    `tp-${label.replace(' ', '-')}-c${concurrency}`,
    concurrency,
  );
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const latencies: number[] = [];
  await Promise.all(
    objects.map(async (object, worker) => {
      let current = object;
      for (let i = worker; i < writes; i += concurrency) {
        const condition: Condition = {
          type: 'Paused',
          status: i % 2 ? 'True' : 'False',
          reason: 'Bench',
          message: `write ${i}`,
          lastTransitionTime: '2026-01-01T00:00:00Z',
        };
        const t0 = performance.now();
        current = await client.writeCondition(refOf(current), current, { op: 'set', condition });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  (globalThis as { gc?: () => void }).gc?.();
  const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
  latencies.sort((a, b) => a - b);
  const sockets = client.connectionsOpened();
  console.log(
    `status patch ${label.padEnd(13)} c=${String(concurrency).padEnd(2)} ${writes} writes: ${(writes / seconds).toFixed(0)}/s, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, RSS +${rssGrowthMb.toFixed(0)} MB, connections opened ${Number.isNaN(sockets) ? 'n/a (one per call)' : sockets}`,
  );
  await client.close();
}

async function pauseLatency(label: string, kubeConfig: KubeConfig, count: number) {
  const objects = await createObjects(kubeConfig, `lat-${label.replace(' ', '-')}`, count);
  const names = new Set(objects.map((o) => String(o.metadata?.name)));
  const controller = createPausableController({
    kubeConfig,
    resource: RESOURCE,
    pause: { labelKey: LABEL },
    namespace: NAMESPACE,
    concurrency: 8,
    reconcile: async () => undefined,
  });
  await controller.start();
  await controller.idle();
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let resolveAll: () => void = () => undefined;
  const allSeen = new Promise<void>((resolve) => {
    resolveAll = resolve;
  });
  const watch = new Watch(kubeConfig);
  const request = await watch.watch(
    `/apis/${GROUP}/v1/namespaces/${NAMESPACE}/widgets`,
    {},
    (_type: string, object: KubeObject) => {
      const name = String(object.metadata?.name);
      const t0 = sentAt.get(name);
      const conditions = (object.status as { conditions?: Condition[] } | undefined)?.conditions;
      if (t0 !== undefined && conditions?.some((c) => c.type === 'Paused' && c.status === 'True')) {
        latencies.push(performance.now() - t0);
        sentAt.delete(name);
        if (latencies.length === names.size) resolveAll();
      }
    },
    () => undefined,
  );
  const user = kubeConfig.makeApiClient(CustomObjectsApi);
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  const started = performance.now();
  for (const name of names) {
    sentAt.set(name, performance.now());
    await user.patchNamespacedCustomObject(
      {
        group: GROUP,
        version: 'v1',
        plural: 'widgets',
        namespace: NAMESPACE,
        name,
        body: { metadata: { labels: { [LABEL]: 'bench' } } },
      },
      merge,
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await allSeen;
  const seconds = (performance.now() - started) / 1000;
  request.abort();
  await controller.stop();
  latencies.sort((a, b) => a - b);
  console.log(
    `label -> Paused ${label.padEnd(13)} ${count} objects: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms (${(count / seconds).toFixed(0)} objects/s, paced 5 ms)`,
  );
}

const harness = await start();
try {
  const kubeConfig = new KubeConfigClass();
  kubeConfig.loadFromOptions(harness.kubeConfig);
  await installCrd(
    harness.endpoint(),
    testCrd({ group: GROUP, kind: 'Widget', plural: 'widgets', conditions: 'free' }),
  );
  console.log(`kube-apiserver ${harness.server}, Node ${process.version}`);
  const writes = Number(process.env.BENCH_WRITES ?? 2000);
  for (const concurrency of [1, 8]) {
    await statusThroughput(
      'shared pool',
      kubeConfig,
      adapterWriter(kubeConfig),
      writes,
      concurrency,
    );
    await statusThroughput(
      'client-node',
      kubeConfig,
      clientNodeWriter(kubeConfig),
      writes,
      concurrency,
    );
  }
  const count = Number(process.env.BENCH_OBJECTS ?? 200);
  await pauseLatency('shared pool', kubeConfig, count);
} finally {
  await harness.stop();
}
