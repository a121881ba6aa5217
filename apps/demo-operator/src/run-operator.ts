import { serveControllerEndpoints } from '@pause/client-node';
import { createControllerMetrics } from '@pause/client-node/metrics';
import { type ClusterModeOptions, createWidgetOperator, WIDGET_RESOURCE } from './cluster-mode.ts';

/** Options of {@link runAgainstCluster}. */
export interface RunOptions extends ClusterModeOptions {
  /** Where `/metrics`, `/healthz` and `/readyz` are served (port 0: any free port). */
  http: { host: string; port: number };
  /** How long a shutdown waits for running reconciles. */
  shutdownTimeoutMs: number;
}

/**
 * Runs the operator until SIGTERM or SIGINT: serves the probes and metrics (from before the
 * first list, not ready until it is done), then on the signal turns not ready, stops the
 * controller (running reconciles aborted and waited for at most `shutdownTimeoutMs`, the Lease
 * released) and closes the HTTP server. A second signal exits at once with code 1.
 */
export async function runAgainstCluster(options: RunOptions): Promise<void> {
  const log = options.log ?? ((entry) => console.log(JSON.stringify(entry)));
  const metrics = createControllerMetrics({ resource: WIDGET_RESOURCE });
  const controller = createWidgetOperator({ ...options, log, metrics: metrics.hooks });
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.once('SIGINT', forceExit);
      process.once('SIGTERM', forceExit);
      resolve(signal);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  const endpoints = await serveControllerEndpoints({
    controller,
    registry: metrics.registry,
    ...options.http,
  });
  log({ msg: 'serving', address: endpoints.url });
  try {
    const started = controller.start().then(() => {
      if (controller.state !== 'running') return; // a signal came during the first list
      log({ msg: 'widget-operator running; label a Widget demo.pause.dev/paused= to pause it' });
    });
    const signal = await Promise.race([signalled, started.then(() => signalled)]);
    log({ msg: 'stopping', signal, timeoutMs: options.shutdownTimeoutMs });
  } finally {
    const { unfinished } = await controller.stop({ timeoutMs: options.shutdownTimeoutMs });
    await endpoints.close();
    log({ msg: 'stopped', unfinished });
  }
}

function forceExit(signal: NodeJS.Signals): void {
  console.error(JSON.stringify({ level: 'error', msg: 'second signal: exiting now', signal }));
  process.exit(1);
}
