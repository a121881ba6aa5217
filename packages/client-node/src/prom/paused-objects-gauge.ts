import { Gauge, type Registry } from 'prom-client';
import type { PauseMetricsHooks } from '../metrics.ts';

/** Options of {@link createPausedObjectsGauge}. */
export interface PausedObjectsGaugeOptions {
  /** Metric name. Default `pause_paused_objects`. */
  name?: string;
  /** Registries to register in. Default: prom-client's global registry. */
  registers?: Registry[];
  /** Value of the `resource` label, e.g. `widgets.example.com`. */
  resource: string;
}

/** A prom-client gauge of paused objects and the hooks that keep it current. */
export interface PausedObjectsGauge {
  /** `pause_paused_objects{resource}`: objects whose last pause pass said "paused". */
  gauge: Gauge<'resource'>;
  /** Pass as `metrics` to `createPausableController`. */
  hooks: PauseMetricsHooks;
}

/**
 * A ready prom-client `Gauge` counting the objects currently paused (their last pause pass
 * ended with `stop`), for the controller's `metrics` option. prom-client is an optional peer
 * dependency: only this subpath imports it.
 */
export function createPausedObjectsGauge(options: PausedObjectsGaugeOptions): PausedObjectsGauge {
  const paused = new Set<string>();
  const gauge = new Gauge({
    name: options.name ?? 'pause_paused_objects',
    help: 'Objects whose reconciliation is paused (pause label set).',
    labelNames: ['resource'] as const,
    ...(options.registers ? { registers: options.registers } : {}),
  });
  const update = () => gauge.set({ resource: options.resource }, paused.size);
  update();
  return {
    gauge,
    hooks: {
      onOutcome({ key, action }) {
        if (action === 'stop') paused.add(key);
        else if (action === 'continue' || action === 'gone') paused.delete(key);
        update();
      },
      onForget(key) {
        paused.delete(key);
        update();
      },
    },
  };
}
