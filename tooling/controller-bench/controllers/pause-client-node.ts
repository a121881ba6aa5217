/**
 * `createPausableController` of `@pause/client-node` with an empty reconcile: the pause
 * machinery alone (informer, work queue, decision, guarded `/status` write, Event).
 * `--workers` is its `concurrency`; `PAUSE_BENCH_EVENTS=inline` records Events inline.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { createPausableController } from '@pause/client-node';
import { benchFlags, serve } from './common.ts';

const flags = benchFlags();
const kubeConfig = new KubeConfig();
kubeConfig.loadFromFile(flags.kubeconfig);
let errors = 0;
let warnings = 0;
const controller = createPausableController({
  kubeConfig,
  resource: {
    group: flags.group,
    version: flags.version,
    plural: flags.plural,
    kind: flags.kind,
    namespaced: true,
  },
  pause: { labelKey: flags.label },
  namespace: flags.namespace,
  concurrency: flags.workers,
  // PAUSE_BENCH_EVENTS=inline measures the pass awaiting its Event POSTs (the old default).
  events: process.env.PAUSE_BENCH_EVENTS === 'inline' ? 'inline' : 'background',
  reconcile: async () => undefined,
  onError: () => {
    errors++;
  },
  onWarning: () => {
    warnings++;
  },
});
await controller.start();
await controller.idle();
serve(
  () => ({
    errors,
    warnings,
    connectionsOpened: controller.client.connection.stats().connectionsOpened,
  }),
  () => controller.stop({ timeoutMs: 5_000 }),
);
