/**
 * The "peer" baseline: the straightforward client-node 2.0.1 controller a TypeScript author
 * writes without this project. `makeInformer` (list + watch, cache), a de-duplicating work
 * queue drained by `--workers` async workers, and for each object the same RV-guarded JSON
 * Patch on `/status` as the Go reference, through `CustomObjectsApi` from `makeApiClient`
 * (client-node's default request path). A failed write is retried after 100 ms doubling to 10 s.
 * No Events, no metrics: only the pause condition.
 */
import {
  CustomObjectsApi,
  KubeConfig,
  type KubernetesObject,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { benchFlags, serve } from './common.ts';

interface Condition {
  type: string;
  status: string;
  [key: string]: unknown;
}
interface Widget extends KubernetesObject {
  status?: { conditions?: Condition[] };
}

const flags = benchFlags();
const kubeConfig = new KubeConfig();
kubeConfig.loadFromFile(flags.kubeconfig);
const api = kubeConfig.makeApiClient(CustomObjectsApi);
const { group, version, plural, namespace, label, condition: condType } = flags;
const jsonPatch = setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);

const informer = makeInformer<Widget>(
  kubeConfig,
  `/apis/${group}/${version}/namespaces/${namespace}/${plural}`,
  () => api.listNamespacedCustomObject({ group, version, namespace, plural }),
);

// A work queue with client-go's semantics: a key is queued at most once and never processed by
// two workers at the same time (a key that changes while processed is queued again after).
const queue: string[] = [];
const queued = new Set<string>();
const processing = new Set<string>();
const dirty = new Set<string>();
const failures = new Map<string, number>();
const idle: Array<() => void> = [];
let stopped = false;
let writes = 0;
let conflicts = 0;
let errors = 0;

function enqueue(name: string) {
  if (processing.has(name)) {
    dirty.add(name);
    return;
  }
  if (queued.has(name)) return;
  queued.add(name);
  queue.push(name);
  idle.shift()?.();
}

function patchFor(object: Widget): object[] | undefined {
  const labelled = object.metadata?.labels?.[label] !== undefined;
  const status = object.status;
  const conditions = Array.isArray(status?.conditions) ? status.conditions : undefined;
  const indexes = (conditions ?? []).flatMap((c, i) => (c?.type === condType ? [i] : []));
  const pausedTrue = indexes.some((i) => conditions?.[i]?.status === 'True');
  const ops: object[] = [
    { op: 'test', path: '/metadata/resourceVersion', value: object.metadata?.resourceVersion },
  ];
  if (labelled && !pausedTrue) {
    const condition = {
      type: condType,
      status: 'True',
      reason: 'PausedByLabel',
      message: `reconciliation paused by label ${label}`,
      lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      observedGeneration: object.metadata?.generation,
    };
    for (const i of indexes.slice(1).reverse()) {
      ops.push({ op: 'test', path: `/status/conditions/${i}/type`, value: condType });
      ops.push({ op: 'remove', path: `/status/conditions/${i}` });
    }
    if (indexes.length > 0) {
      ops.push({ op: 'test', path: `/status/conditions/${indexes[0]}/type`, value: condType });
      ops.push({ op: 'replace', path: `/status/conditions/${indexes[0]}`, value: condition });
    } else if (conditions) {
      ops.push({ op: 'add', path: '/status/conditions/-', value: condition });
    } else if (status && typeof status === 'object') {
      ops.push({ op: 'add', path: '/status/conditions', value: [condition] });
    } else {
      ops.push({ op: 'add', path: '/status', value: { conditions: [condition] } });
    }
    return ops;
  }
  if (!labelled && indexes.length > 0) {
    for (const i of [...indexes].reverse()) {
      ops.push({ op: 'test', path: `/status/conditions/${i}/type`, value: condType });
      ops.push({ op: 'remove', path: `/status/conditions/${i}` });
    }
    return ops;
  }
  return undefined;
}

async function sync(name: string): Promise<void> {
  const object = informer.get(name, namespace);
  if (!object) return;
  const body = patchFor(object);
  if (!body) return;
  writes++;
  try {
    await api.patchNamespacedCustomObjectStatus(
      { group, version, plural, namespace, name, body },
      jsonPatch,
    );
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code === 422 || code === 409) conflicts++;
    else errors++;
    throw error;
  }
}

async function worker(): Promise<void> {
  while (!stopped) {
    const name = queue.shift();
    if (name === undefined) {
      await new Promise<void>((resolve) => idle.push(resolve));
      continue;
    }
    queued.delete(name);
    processing.add(name);
    try {
      await sync(name);
      failures.delete(name);
    } catch {
      const n = (failures.get(name) ?? 0) + 1;
      failures.set(name, n);
      setTimeout(() => enqueue(name), Math.min(10_000, 100 * 2 ** (n - 1)));
    } finally {
      processing.delete(name);
      if (dirty.delete(name)) enqueue(name);
    }
  }
}

const onObject = (object: Widget) => {
  if (object.metadata?.name) enqueue(object.metadata.name);
};
informer.on('add', onObject);
informer.on('update', onObject);
informer.on('delete', onObject);
informer.on('error', () => {
  // client-node's informer stops on an error; restart it a moment later
  setTimeout(() => {
    if (!stopped) void informer.start();
  }, 1_000);
});
await informer.start();
const workers = Array.from({ length: flags.workers }, () => worker());
serve(
  () => ({ writes, conflicts, errors }),
  async () => {
    stopped = true;
    for (const resolve of idle.splice(0)) resolve();
    await informer.stop();
    await Promise.race([Promise.all(workers), new Promise((r) => setTimeout(r, 2_000))]);
  },
);
