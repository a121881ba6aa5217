import { createPausableController, serveControllerEndpoints } from '@pause/client-node';
import { createControllerMetrics } from '@pause/client-node/metrics';

const metrics = createControllerMetrics({ resource: 'widgets.example.com' });
const controller = createPausableController({
  resource: { group: 'example.com', version: 'v1', plural: 'widgets', kind: 'Widget' },
  pause: { labelKey: 'example.com/paused' },
  leaderElection: { leaseName: 'widget-controller', leaseNamespace: 'ops' },
  metrics: metrics.hooks, // pause_paused_objects, pause_transitions_total{reason}, …
  reconcile: async (widget, { signal }) => {
    await fetch(`https://inventory.example.com/${widget.metadata?.name}`, { signal });
  },
});
// /healthz, /readyz (200 once start() resolved, 503 from stop() on), /metrics on :8080
const endpoints = await serveControllerEndpoints({ controller, registry: metrics.registry });
await controller.start();

process.once('SIGTERM', async () => {
  const { unfinished } = await controller.stop({ timeoutMs: 20_000 });
  if (unfinished.length > 0) console.warn('still running at the deadline:', unfinished);
  await endpoints.close();
});
