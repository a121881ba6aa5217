import { KubeConfig } from '@kubernetes/client-node';
import { createPausableController, type PausableController } from '@pause/client-node';
import { widgetPausePolicy } from './pause-policy.ts';
import { reconcileWidget } from './reconcile-widget.ts';
import { WIDGET, type Widget } from './widget.ts';

/** Options of the operator against a real cluster. */
export interface ClusterModeOptions {
  /** A kubeconfig file; default: the in-cluster service account. */
  kubeconfig?: string;
  /** A ready KubeConfig (tests); wins over `kubeconfig`. */
  kubeConfig?: KubeConfig;
  /** Watch one namespace only. */
  namespace?: string;
  /** This operator's id, written as the label value when it pauses a Widget itself. */
  ownerId?: string;
  /** Where log lines go. Default: stdout as JSON lines. */
  log?: (entry: Record<string, unknown>) => void;
}

/** Starts the Widget operator on `@pause/client-node`; resolves once the first list is done. */
export async function startWidgetOperator(
  options: ClusterModeOptions,
): Promise<PausableController> {
  const kubeConfig = options.kubeConfig ?? new KubeConfig();
  if (!options.kubeConfig) {
    if (options.kubeconfig) kubeConfig.loadFromFile(options.kubeconfig);
    else kubeConfig.loadFromCluster();
  }
  const log = options.log ?? ((entry) => console.log(JSON.stringify(entry)));
  const controller = createPausableController<Widget>({
    kubeConfig,
    resource: {
      group: WIDGET.group,
      version: WIDGET.version,
      plural: WIDGET.plural,
      kind: WIDGET.kind,
      namespaced: true,
    },
    pause: widgetPausePolicy(options.ownerId ?? 'widget-operator'),
    ...(options.namespace ? { namespace: options.namespace } : {}),
    reportingComponent: 'widget-operator',
    reconcile: async (widget, ctx) => {
      log({ msg: 'reconcile', key: ctx.key, generation: widget.metadata?.generation });
      return reconcileWidget(widget, {
        client: ctx.client,
        selfPause: ctx.selfPause,
        now: () => new Date(),
      });
    },
    onWarning: (key, warning) => log({ level: 'warn', key, ...warning }),
    onError: (key, error) =>
      log({ level: 'error', key, error: error instanceof Error ? error.message : String(error) }),
    metrics: {
      onOutcome: ({ key, action }) => {
        if (action !== 'continue') log({ msg: 'pause', key, action });
      },
    },
  });
  await controller.start();
  return controller;
}

/** Runs the operator until SIGINT/SIGTERM. */
export async function runAgainstCluster(options: ClusterModeOptions): Promise<void> {
  const controller = await startWidgetOperator(options);
  console.log(
    JSON.stringify({
      msg: 'widget-operator running; label a Widget demo.pause.dev/paused= to pause it',
    }),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await controller.stop();
}
