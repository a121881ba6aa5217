import type { PauseEventReason } from '@pause/core';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ControllerStatus } from '../controller-status.ts';
import type { PauseMetricsHooks } from '../metrics.ts';

/** Options of {@link createControllerMetrics}. */
export interface ControllerMetricsOptions {
  /** Value of the `resource` label of every series, e.g. `widgets.demo.pause.dev`. */
  resource: string;
  /** Registry to register in. Default: a new `Registry` (never prom-client's global one). */
  registry?: Registry;
  /** Prefix of every metric name. Default `pause_`. */
  prefix?: string;
  /** Clock for the pause ages, ms since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** The metrics of one controller: serve `registry`, pass `hooks` as the `metrics` option. */
export interface ControllerMetrics {
  /** Where the series are registered (serve it on `/metrics`). */
  registry: Registry;
  /** The controller's `metrics` option. */
  hooks: PauseMetricsHooks;
}

/** Every Event reason, so each `transitions_total` series exists from the start. */
const REASONS = Object.keys({
  Paused: true,
  PausedByController: true,
  PausedByNamespace: true,
  Resumed: true,
  PauseExpired: true,
  DeletionBlocked: true,
  DeletionProceeding: true,
} satisfies Record<PauseEventReason, true>) as PauseEventReason[];

/** Transitions that end a pause: the pause's duration is observed. */
const ENDS_PAUSE: ReadonlySet<PauseEventReason> = new Set(['Resumed', 'PauseExpired']);

const HOUR = 3600;

/**
 * prom-client metrics of a pausable controller, per `resource` (names with the default prefix):
 * `pause_paused_objects` (gauge), `pause_transitions_total{reason}`,
 * `pause_oldest_pause_age_seconds` (gauge, computed at scrape time; 0 when nothing is paused),
 * `pause_pause_duration_seconds` (histogram, observed at resume), `pause_reconciles_total{result}`,
 * `pause_reconcile_duration_seconds{result}` (histogram), `pause_errors_total{stage}` (`pause`: a
 * pause pass whose write failed; `reconcile`: your reconcile threw),
 * `pause_work_queue_depth` and `pause_leader` (0/1; read from the controller at scrape time),
 * `pause_informer_restarts_total`. No series per object. Pause state is what this replica's
 * passes saw: a replica that does not lead reports none.
 */
export function createControllerMetrics(options: ControllerMetricsOptions): ControllerMetrics {
  const registry = options.registry ?? new Registry();
  const prefix = options.prefix ?? 'pause_';
  const now = options.now ?? Date.now;
  const labels = { resource: options.resource };
  const registers = [registry];
  /** Paused objects (by key) and since when (ms since the epoch). */
  const paused = new Map<string, number>();
  let controller: ControllerStatus | undefined;

  new Gauge({
    name: `${prefix}paused_objects`,
    help: 'Objects whose reconciliation is paused.',
    labelNames: ['resource'],
    registers,
    collect() {
      this.set(labels, paused.size);
    },
  });
  new Gauge({
    name: `${prefix}oldest_pause_age_seconds`,
    help: 'How long the longest-paused object has been paused (0: none is).',
    labelNames: ['resource'],
    registers,
    collect() {
      let oldest = Number.POSITIVE_INFINITY;
      for (const since of paused.values()) oldest = Math.min(oldest, since);
      this.set(labels, paused.size === 0 ? 0 : Math.max(0, (now() - oldest) / 1000));
    },
  });
  new Gauge({
    name: `${prefix}work_queue_depth`,
    help: 'Keys waiting in the work queue (neither in flight nor delayed).',
    labelNames: ['resource'],
    registers,
    collect() {
      this.set(labels, controller?.queueDepth ?? 0);
    },
  });
  new Gauge({
    name: `${prefix}leader`,
    help: '1 while this replica leads (always 1 without leader election).',
    labelNames: ['resource'],
    registers,
    collect() {
      this.set(labels, controller?.isLeader ? 1 : 0);
    },
  });
  const transitions = new Counter({
    name: `${prefix}transitions_total`,
    help: 'Pause transitions made, by Event reason.',
    labelNames: ['resource', 'reason'],
    registers,
  });
  const pauseDurations = new Histogram({
    name: `${prefix}pause_duration_seconds`,
    help: 'How long objects stayed paused, observed when they resumed.',
    labelNames: ['resource'],
    buckets: [60, 300, 900, HOUR, 4 * HOUR, 12 * HOUR, 24 * HOUR, 72 * HOUR, 168 * HOUR],
    registers,
  });
  const reconciles = new Counter({
    name: `${prefix}reconciles_total`,
    help: 'Runs of the reconcile, by result (success, error, aborted).',
    labelNames: ['resource', 'result'],
    registers,
  });
  const reconcileDurations = new Histogram({
    name: `${prefix}reconcile_duration_seconds`,
    help: 'How long the reconcile ran, by result.',
    labelNames: ['resource', 'result'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  const errors = new Counter({
    name: `${prefix}errors_total`,
    help: 'Failures that are retried: pause passes whose write failed, reconciles that threw.',
    labelNames: ['resource', 'stage'],
    registers,
  });
  const restarts = new Counter({
    name: `${prefix}informer_restarts_total`,
    help: 'Informer restarts after an error event.',
    labelNames: ['resource'],
    registers,
  });
  for (const reason of REASONS) transitions.inc({ ...labels, reason }, 0);
  for (const result of ['success', 'error', 'aborted']) reconciles.inc({ ...labels, result }, 0);
  for (const stage of ['pause', 'reconcile']) errors.inc({ ...labels, stage }, 0);
  restarts.inc(labels, 0);

  return {
    registry,
    hooks: {
      attach(status) {
        controller = status;
      },
      onOutcome({ key, action, transitions: made, pausedSinceMs }) {
        for (const reason of made) transitions.inc({ ...labels, reason });
        if (action === 'stop') {
          paused.set(key, pausedSinceMs ?? paused.get(key) ?? now());
          return;
        }
        if (action === 'requeue') {
          errors.inc({ ...labels, stage: 'pause' });
          return;
        }
        const since = paused.get(key);
        paused.delete(key);
        if (since !== undefined && made.some((reason) => ENDS_PAUSE.has(reason))) {
          pauseDurations.observe(labels, Math.max(0, (now() - since) / 1000));
        }
      },
      onForget(key) {
        paused.delete(key);
      },
      onReconcile({ result, durationMs }) {
        reconciles.inc({ ...labels, result });
        reconcileDurations.observe({ ...labels, result }, durationMs / 1000);
        if (result === 'error') errors.inc({ ...labels, stage: 'reconcile' });
      },
      onInformerRestart() {
        restarts.inc(labels);
      },
      onLeaderChange(leading) {
        if (!leading) paused.clear(); // the next leader's passes see them
      },
    },
  };
}
