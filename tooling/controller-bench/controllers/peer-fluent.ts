/**
 * The kubernetes-fluent-client "peer": the straightforward kfc 3.x controller a TypeScript
 * author writes without this project, the kfc analogue of `peer-client-node.ts`. A kfc `Watch`
 * of the kind (kfc lists, then watches; its callback receives every ADDED / MODIFIED / DELETED
 * object), a cache of the last object seen per name, a de-duplicating work queue drained by
 * `--workers` async workers, and for each object the `Paused` condition written with kfc's own
 * status call, `K8s(GenericKind, { kindOverride }).PatchStatus(...)`. A failed write is retried
 * after 100 ms doubling to 10 s. No Events, no metrics: only the pause condition.
 *
 * kfc has no JSON Patch on `/status`: `Patch(ops)` is a JSON Patch of the object itself (the
 * API server ignores `status` there when the status subresource is on), and `PatchStatus` is a
 * JSON merge patch whose body kfc reduces to `{ status }`, so `metadata.resourceVersion` is
 * dropped and the write cannot be guarded. The peer therefore sends the whole
 * `status.conditions` list as computed from its cache (the other conditions kept, `Paused`
 * added / replaced / removed): unguarded, last writer wins, never a 409.
 * kfc reads the cluster from `KUBECONFIG`.
 */
import { GenericKind, K8s } from 'kubernetes-fluent-client';
import { benchFlags, serve } from './common.ts';

interface Condition {
  type: string;
  status: string;
  [key: string]: unknown;
}
interface Widget {
  metadata?: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    generation?: number;
    labels?: Record<string, string>;
  };
  status?: { conditions?: Condition[]; [key: string]: unknown };
}

const flags = benchFlags();
process.env.KUBECONFIG = flags.kubeconfig;
const { namespace, label, condition: condType } = flags;
const kind = { group: flags.group, version: flags.version, kind: flags.kind, plural: flags.plural };

// The last object seen per name (kfc's own cache is private).
const cache = new Map<string, Widget>();

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
let errors = 0;
let events = 0;

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

/** The new `status.conditions`, or undefined when the object is as it should be. */
function conditionsFor(object: Widget): Condition[] | undefined {
  const labelled = object.metadata?.labels?.[label] !== undefined;
  const conditions = Array.isArray(object.status?.conditions) ? object.status.conditions : [];
  const others = conditions.filter((c) => c?.type !== condType);
  const mine = conditions.filter((c) => c?.type === condType);
  const pausedTrue = mine.some((c) => c.status === 'True');
  if (labelled && !pausedTrue) {
    return [
      ...others,
      {
        type: condType,
        status: 'True',
        reason: 'PausedByLabel',
        message: `reconciliation paused by label ${label}`,
        lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        observedGeneration: object.metadata?.generation,
      },
    ];
  }
  if (!labelled && mine.length > 0) return others;
  return undefined;
}

async function sync(name: string): Promise<void> {
  const object = cache.get(name);
  if (!object) return;
  const conditions = conditionsFor(object);
  if (!conditions) return;
  writes++;
  try {
    await K8s(GenericKind, { kindOverride: kind }).PatchStatus({
      metadata: { name, namespace },
      status: { conditions },
    });
  } catch (error) {
    errors++;
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

const watcher = K8s(GenericKind, { kindOverride: kind })
  .InNamespace(namespace)
  .Watch((object, phase) => {
    const name = object.metadata?.name;
    if (!name) return;
    events++;
    if (phase === 'DELETED') cache.delete(name);
    else if (phase === 'ADDED' || phase === 'MODIFIED') cache.set(name, object as Widget);
    else return;
    enqueue(name);
  });
// start() returns after the initial list went through the callback (the cache holds every object)
await watcher.start();
const workers = Array.from({ length: flags.workers }, () => worker());
serve(
  () => ({ writes, errors, events, cached: cache.size }),
  async () => {
    stopped = true;
    watcher.close();
    for (const resolve of idle.splice(0)) resolve();
    await Promise.race([Promise.all(workers), new Promise((r) => setTimeout(r, 2_000))]);
  },
);
