/**
 * Namespace pause at scale, against a real kube-apiserver 1.20.2 started by @pause/kube-harness:
 * a namespace with N objects (default 1,000) reconciled by `createPausableController` with
 * `namespaceLabelKey`; the Namespace is labelled, then unlabelled. Prints the seconds until all
 * objects show `Paused=True` and until none does, and the requests the controller made each way
 * (from its connection pool's counter) split into status writes and Events.
 * Run: node --conditions=dev-source bench/namespace-pause.ts [N] (prints figures; asserts nothing).
 */
import { KubeConfig } from '@kubernetes/client-node';
import { installCrd, type KubeEndpoint, kubeRequest, start, testCrd } from '@pause/kube-harness';
import { createPausableController } from '../src/index.ts';

const COUNT = Number(process.argv[2] ?? 1_000);
const GROUP = 'bench.pause.test';
const RESOURCE = { group: GROUP, version: 'v1', plural: 'tenantwidgets', kind: 'TenantWidget' };
const NAMESPACE = 'tenant-bench';
const LABEL = 'bench.pause.test/paused';
const BASE = `/apis/${GROUP}/v1/namespaces/${NAMESPACE}/tenantwidgets`;

interface Listed {
  items: Array<{ status?: { conditions?: Array<{ type: string; status: string }> } }>;
}

async function pausedCount(endpoint: KubeEndpoint): Promise<number> {
  const { body } = await kubeRequest<Listed>(endpoint, { path: BASE });
  return body.items.filter((item) =>
    item.status?.conditions?.some((c) => c.type === 'Paused' && c.status === 'True'),
  ).length;
}

async function eventCount(endpoint: KubeEndpoint): Promise<number> {
  const { body } = await kubeRequest<{ items: unknown[] }>(endpoint, {
    path: `/api/v1/namespaces/${NAMESPACE}/events`,
  });
  return body.items.length;
}

/** Polls every 100 ms until `done`; resolves with the seconds it took from `since`. */
async function until(done: () => Promise<boolean>, since: number): Promise<number> {
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 100));
  return (performance.now() - since) / 1000;
}

const harness = await start();
try {
  const endpoint = harness.endpoint();
  await installCrd(
    endpoint,
    testCrd({ group: GROUP, kind: RESOURCE.kind, plural: RESOURCE.plural, conditions: 'free' }),
  );
  await kubeRequest(endpoint, {
    path: '/api/v1/namespaces',
    body: { metadata: { name: NAMESPACE } },
  });
  const names = Array.from({ length: COUNT }, (_, i) => `w-${i}`);
  for (let i = 0; i < names.length; i += 32) {
    await Promise.all(
      names.slice(i, i + 32).map((name) =>
        kubeRequest(endpoint, {
          path: BASE,
          body: { apiVersion: `${GROUP}/v1`, kind: RESOURCE.kind, metadata: { name }, spec: {} },
        }),
      ),
    );
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions(harness.kubeConfig);
  let reconciles = 0;
  const controller = createPausableController({
    kubeConfig,
    resource: RESOURCE,
    pause: { labelKey: LABEL, namespaceLabelKey: LABEL },
    concurrency: 8,
    reconcile: async () => {
      reconciles++;
    },
  });
  await controller.start();
  await until(async () => reconciles >= COUNT, performance.now());
  await controller.idle();
  const label = (value: string | null) =>
    kubeRequest(endpoint, {
      method: 'PATCH',
      path: `/api/v1/namespaces/${NAMESPACE}`,
      body: { metadata: { labels: { [LABEL]: value } } },
      contentType: 'application/merge-patch+json',
    });
  const rows: string[] = [];
  for (const [direction, value, target] of [
    ['pause', 'ops', COUNT],
    ['resume', null, 0],
  ] as const) {
    const requestsBefore = controller.client.connection.stats().requests;
    const eventsBefore = await eventCount(endpoint);
    const started = performance.now();
    await label(value);
    const seconds = await until(async () => (await pausedCount(endpoint)) === target, started);
    await controller.idle();
    const requests = controller.client.connection.stats().requests - requestsBefore;
    const events = (await eventCount(endpoint)) - eventsBefore;
    rows.push(
      `| ${direction} | ${COUNT} | ${seconds.toFixed(1)} s | ${(COUNT / seconds).toFixed(0)}/s | ${requests} | ${requests - events} | ${events} |`,
    );
  }
  console.log(`kube-apiserver ${harness.server}, Node ${process.version}, concurrency 8\n`);
  console.log(
    '| namespace | objects | until all show it | rate | requests | status writes (requests − Events) | Events |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
  await controller.stop();
} finally {
  await harness.stop();
}
