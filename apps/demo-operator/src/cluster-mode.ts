import { KubeConfig } from '@kubernetes/client-node';
import {
  createPausableController,
  type LeaderElectionOptions,
  type PausableController,
  type PauseMetricsHooks,
} from '@pause/client-node';
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
  /** Watch these namespaces only (a shard). */
  namespaces?: readonly string[];
  /** Watch the Widgets matching this label selector only (a shard). */
  labelSelector?: string;
  /** This operator's id, written as the label value when it pauses a Widget itself. */
  ownerId?: string;
  /** Reconcile only while holding this Lease. Default: always. */
  leaderElection?: LeaderElectionOptions;
  /** Metrics hooks (e.g. `createControllerMetrics(...).hooks`), besides the log lines. */
  metrics?: PauseMetricsHooks;
  /** Where log lines go. Default: stdout as JSON lines. */
  log?: (entry: Record<string, unknown>) => void;
}

/** `widgets.demo.pause.dev`: the `resource` label of the demo's metrics. */
export const WIDGET_RESOURCE = `${WIDGET.plural}.${WIDGET.group}`;

/** The Widget operator on `@pause/client-node`, not started yet. */
export function createWidgetOperator(options: ClusterModeOptions): PausableController {
  const kubeConfig = options.kubeConfig ?? new KubeConfig();
  if (!options.kubeConfig) {
    if (options.kubeconfig) kubeConfig.loadFromFile(options.kubeconfig);
    else kubeConfig.loadFromCluster();
  }
  const log = options.log ?? ((entry) => console.log(JSON.stringify(entry)));
  const { metrics } = options;
  return createPausableController<Widget>({
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
    ...(options.namespaces ? { namespaces: options.namespaces } : {}),
    ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
    ...(options.leaderElection ? { leaderElection: options.leaderElection } : {}),
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
      ...metrics,
      onOutcome: (sample) => {
        if (sample.action !== 'continue')
          log({ msg: 'pause', key: sample.key, action: sample.action });
        metrics?.onOutcome?.(sample);
      },
      onInformerRestart: (error, delayMs) => {
        log({
          level: 'error',
          msg: 'informer restarts',
          delayMs,
          error: error instanceof Error ? error.message : String(error),
        });
        metrics?.onInformerRestart?.(error, delayMs);
      },
      onLeaderChange: (leading) => {
        log({ msg: 'leader', leading });
        metrics?.onLeaderChange?.(leading);
      },
    },
  });
}

/** Starts the Widget operator; resolves once the first list is done. */
export async function startWidgetOperator(
  options: ClusterModeOptions,
): Promise<PausableController> {
  const controller = createWidgetOperator(options);
  await controller.start();
  return controller;
}
