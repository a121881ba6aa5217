/**
 * `withPause` of `@pause/fluent` with an empty callback, fed the way Pepr's watch processor
 * feeds a `Reconcile` binding (without importing Pepr): a kubernetes-fluent-client `Watch` of
 * the kind, each ADDED / MODIFIED event queued per object (the next event of an object waits
 * until its callback returned; different objects run in parallel, unbounded, as in Pepr).
 * `--workers` is not used (Pepr has no worker count). kfc reads the cluster from `KUBECONFIG`.
 */
import { withPause } from '@pause/fluent';
import { GenericKind, K8s } from 'kubernetes-fluent-client';
import { benchFlags, serve } from './common.ts';

const flags = benchFlags();
process.env.KUBECONFIG = flags.kubeconfig;
const kind = { group: flags.group, version: flags.version, kind: flags.kind, plural: flags.plural };
const reconcile = withPause({ labelKey: flags.label }, async () => undefined, { kind });
const queues = new Map<string, Promise<void>>();
let inFlight = 0;
let errors = 0;
let events = 0;
const watcher = K8s(GenericKind, { kindOverride: kind })
  .InNamespace(flags.namespace)
  .Watch(async (object, phase) => {
    if (phase !== 'ADDED' && phase !== 'MODIFIED') return;
    events++;
    const key = `${object.metadata?.namespace}/${object.metadata?.name}`;
    inFlight++;
    const next = (queues.get(key) ?? Promise.resolve()).then(() =>
      Promise.resolve(reconcile(object as never, phase as never))
        .catch(() => {
          errors++;
        })
        .finally(() => {
          inFlight--;
        }),
    );
    queues.set(key, next);
    void next.then(() => {
      if (queues.get(key) === next) queues.delete(key);
    });
  });
await watcher.start();
// settle: the initial list's ADDED events are passed through the pause pass
let quiet = 0;
while (quiet < 5) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  quiet = inFlight === 0 ? quiet + 1 : 0;
}
serve(
  () => ({ errors, events }),
  async () => {
    watcher.close();
    await reconcile.dispose?.();
  },
);
